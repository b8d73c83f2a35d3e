using MudBlazor;
using MudBlazor.Utilities;
using OpenBooking.Tools.Business;

namespace OpenBooking.Web.Components.Theme;

/// <summary>
/// The MudBlazor theme made from the business settings: its primary colour (<c>Business:PrimaryColor</c>) on a calm
/// light and dark palette, and the system font stack, so the page never loads a web font from the internet.
/// </summary>
public static class BusinessTheme
{
    public const string DefaultPrimary = "#3B5BDB";

    /// <summary>The fonts the visitor's system already has (no Roboto download).</summary>
    public static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "sans-serif"];

    /// <summary>The business's main colour: <c>Business:PrimaryColor</c>, or <see cref="DefaultPrimary"/> when it is not set.</summary>
    public static MudColor Primary(BusinessOptions business) =>
        new(string.IsNullOrWhiteSpace(business.PrimaryColor) ? DefaultPrimary : business.PrimaryColor);

    public static MudTheme Create(BusinessOptions business)
    {
        var primary = Primary(business);
        var darkPrimary = primary.ColorLighten(0.2);
        var theme = new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = primary,
                PrimaryContrastText = TextOn(primary),
                AppbarBackground = primary,
                Background = "#F4F6FB",
                TextPrimary = "#1F2937",
                TextSecondary = "#4B5563",
                DrawerBackground = "#FFFFFF",
            },
            PaletteDark = new PaletteDark
            {
                // The brand colour lightened, so links and outlines keep their contrast on the dark surface.
                Primary = darkPrimary,
                PrimaryContrastText = TextOn(darkPrimary),
                AppbarBackground = "#1E2230",
                Background = "#12141C",
                Surface = "#1E2230",
                DrawerBackground = "#1A1D29",
                TextPrimary = "#E5E7EB",
                TextSecondary = "#AEB4C0",
            },
            LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
        };
        foreach (var style in new BaseTypography[]
        {
            theme.Typography.Default, theme.Typography.H1, theme.Typography.H2, theme.Typography.H3, theme.Typography.H4,
            theme.Typography.H5, theme.Typography.H6, theme.Typography.Subtitle1, theme.Typography.Subtitle2,
            theme.Typography.Body1, theme.Typography.Body2, theme.Typography.Button, theme.Typography.Caption,
            theme.Typography.Overline,
        })
        {
            style.FontFamily = SystemFonts;
        }
        theme.Typography.Button.TextTransform = "none";
        return theme;
    }

    /// <summary>White or near-black, whichever reads better on the colour (WCAG relative luminance).</summary>
    public static string TextOn(MudColor background)
    {
        var luminance = 0.2126 * Linear(background.R) + 0.7152 * Linear(background.G) + 0.0722 * Linear(background.B);
        var onWhite = 1.05 / (luminance + 0.05);
        var onBlack = (luminance + 0.05) / 0.05;
        return onWhite >= onBlack ? "#FFFFFF" : "#0B1020";

        static double Linear(byte channel)
        {
            var c = channel / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
    }
}
