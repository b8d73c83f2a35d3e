using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

public static class AdminExtensions
{
    public const string LoginPath = "/admin/login";
    public const string LogoutPath = "/admin/logout";

    /// <summary>
    /// The dashboard: Identity (our own user store on the app's database), the admin cookie with lockout, the
    /// <see cref="AdminPolicy"/> policy, the first-run setup link and the dashboard's services.
    /// </summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<AdminAccount>(ConfigureIdentity)
            .AddUserStore<AdminUserStore>()
            .AddSignInManager();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);
        // A removed admin's cookie stops working within minutes (the default re-check is every 30 minutes).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy.Name, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AdminRevalidatingAuthenticationStateProvider>();

        services.AddSingleton<AdminSetup>();
        services.AddHostedService<AdminSetupLink>();
        services.AddScoped<AdminAccounts>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IntegrationSettings>();
        services.AddSingleton<AdminBookings>();
        services.AddSingleton<UsageReport>();
        services.AddSingleton<AdminConversations>();
        services.AddSingleton<BusinessSettingsEditor>();
        services.AddSingleton<IntegrationsEditor>();
        services.AddSingleton<AutomationsEditor>();
        services.AddSingleton<SlotPreview>();
        return builder;
    }

    /// <summary>Admin endpoints outside the Blazor pages: sign-out and a JSON status for monitoring.</summary>
    public static WebApplication MapAdminEndpoints(this WebApplication app)
    {
        AdminEndpoints.Map(app);
        return app;
    }

    private static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        // Length over composition rules (NIST SP 800-63B): long passphrases are easy to type and hard to guess.
        options.Password.RequiredLength = 12;
        options.Password.RequiredUniqueChars = 5;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "ob_admin";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.LoginPath = LoginPath;
        options.LogoutPath = LogoutPath;
        options.AccessDeniedPath = LoginPath;
        // Pages send the browser to the login page; endpoints called by scripts or tools get a plain 401/403.
        options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsPageRequest(context.HttpContext))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }

    /// <summary>A Blazor page, or a browser navigation (it accepts HTML) such as a link to an admin endpoint.</summary>
    private static bool IsPageRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        || context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
