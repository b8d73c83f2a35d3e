using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Calendar;

/// <summary>What customers ask about the business, through a real MCP client: get_business_info and prices in list_services.</summary>
public sealed class BusinessInfoToolTests
{
    private static readonly Dictionary<string, string?> Described = new()
    {
        ["Business:Name"] = "Salon Lumière",
        ["Business:TimeZone"] = "America/New_York",
        ["Business:Address"] = "  12 Main Street, Springfield  ",
        ["Business:Phone"] = "+1 555 0100",
        ["Business:Currency"] = "USD",
        ["Business:OpeningHours:Monday"] = "09:00-12:00, 13:00-17:00",
        ["Business:OpeningHours:Saturday"] = "10:00-14:00",
    };

    [Fact]
    public async Task GetBusinessInfo_ConfiguredBusiness_ReturnsHoursPerDayAddressPhoneAndCurrency()
    {
        await using var host = await ToolsTestHost.StartAsync(TestClock.At("2026-03-27T10:00", "America/New_York"), Described);

        var info = await CallAsync(host);

        Assert.Equal("Salon Lumière", info.Name);
        Assert.Equal("America/New_York", info.TimeZone);
        Assert.Equal("12 Main Street, Springfield", info.Address);
        Assert.Equal("+1 555 0100", info.Phone);
        Assert.Equal("USD", info.Currency);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], info.OpeningHours.Select(d => d.Day));
        Assert.Equal(["09:00-12:00", "13:00-17:00"], info.OpeningHours[0].Hours);
        Assert.Equal(["09:00-17:00"], info.OpeningHours[1].Hours);
        Assert.Equal(["10:00-14:00"], info.OpeningHours[5].Hours);
        Assert.Empty(info.OpeningHours[6].Hours);
    }

    [Fact]
    public async Task GetBusinessInfo_NothingConfigured_LeavesAddressAndPhoneOutAndPricesInEuro()
    {
        await using var host = await ToolsTestHost.StartAsync();

        var info = await CallAsync(host);

        Assert.Null(info.Address);
        Assert.Null(info.Phone);
        Assert.Equal("EUR", info.Currency);
        Assert.Equal("Europe/Brussels", info.TimeZone);
        Assert.Empty(info.Closures);
    }

    [Fact]
    public async Task GetBusinessInfo_Closures_ListsOnlyThoseNotOverInDateOrderWithReasons()
    {
        await using var host = await ToolsTestHost.StartAsync();
        await host.WithDbAsync(async db =>
        {
            db.Closures.AddRange(
                new Closure { From = new LocalDate(2026, 12, 24), To = new LocalDate(2026, 12, 26), Reason = "Christmas" },
                new Closure { From = new LocalDate(2026, 3, 20), To = new LocalDate(2026, 3, 26), Reason = "Over yesterday" },
                new Closure { From = new LocalDate(2026, 3, 25), To = new LocalDate(2026, 3, 27), Reason = null },
                new Closure { From = new LocalDate(2027, 6, 1), To = new LocalDate(2027, 6, 2), Reason = "Beyond a year" });
            return await db.SaveChangesAsync();
        });

        var info = await CallAsync(host);

        Assert.Equal(
            [new ClosureInfo("2026-03-25", "2026-03-27", null), new ClosureInfo("2026-12-24", "2026-12-26", "Christmas")],
            info.Closures);
    }

    [Fact]
    public async Task ListServices_WithAndWithoutPrice_CarriesPriceAndTheBusinessCurrency()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Business:Currency"] = "CHF" });
        await host.WithDbAsync(async db =>
        {
            db.Services.Add(new Service { Name = "Colour", DurationMinutes = 90, Price = 85.50m, SortOrder = 1 });
            return await db.SaveChangesAsync();
        });

        var result = (await host.Get<InMemoryToolClients>().CallAsync("list_services", new Dictionary<string, object?>())).Structured<ServicesResult>();

        Assert.Equal("CHF", result.Currency);
        Assert.Null(result.Services.Single(s => s.Name != "Colour").Price);
        Assert.Equal(85.50m, result.Services.Single(s => s.Name == "Colour").Price);
    }

    [Theory]
    [InlineData("Business:Currency", "euro", "Business:Currency must be a three-letter ISO 4217 code")]
    [InlineData("Business:Phone", "0123456789 0123456789 0123456789 0123456789", "Phone")]
    [InlineData("Business:PrimaryColor", "blue", "Business:PrimaryColor must be a colour written #RRGGBB")]
    [InlineData("Business:LogoUrl", "logo.png", "Business:LogoUrl must be an absolute http or https address")]
    public async Task Start_BadContactSetting_StopsNamingTheSetting(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, error.Message);
    }

    private static async Task<BusinessInfo> CallAsync(ToolsTestHost host)
    {
        var result = await host.Get<InMemoryToolClients>().CallAsync("get_business_info", new Dictionary<string, object?>());
        Assert.NotEqual(true, result.IsError);
        return result.Structured<BusinessInfo>();
    }
}
