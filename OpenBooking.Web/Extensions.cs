using Microsoft.AspNetCore.HttpOverrides;
using OpenBooking.Web.Hosting;
using OpenBooking.Tools.Diagnostics;
using OpenBooking.Tools.Hosting;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Agent;
using OpenBooking.Web.Booking;
using OpenBooking.Web.Chat;
using OpenBooking.Web.Dev;
using OpenBooking.Web.Embed;
using OpenBooking.Web.Health;
using OpenBooking.Web.Mcp;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using MudBlazor.Services;

namespace OpenBooking.Web;

public static class Extensions
{
    /// <summary>Everything the web app needs: the co-hosted tool servers, the agent, the chat and the UI.</summary>
    public static WebApplicationBuilder AddOpenBookingServices(this WebApplicationBuilder builder)
    {
        builder.AddSharedDevelopmentSettings();
        // The co-hosted tool servers and their MCP server, served over HTTP at /mcp.
        builder.AddMcpEndpoint();
        builder.AddAdmin();
        builder.AddOpenBookingTelemetry("openbooking");
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());

        var services = builder.Services;
        // Behind a reverse proxy: which proxies may forward the customer's address and scheme (checked here, at start).
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        proxies.ApplyTo(new ForwardedHeadersOptions());
        services.AddSingleton(proxies);
        services.AddSingleton<ObservedBaseUrl>();
        services.Configure<ForwardedHeadersOptions>(proxies.ApplyTo);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddReadinessChecks();
        services.AddFramingPolicy();

        services.AddChat();
        return builder;
    }

    /// <summary>
    /// Reads <c>X-Forwarded-*</c> from the proxies in <see cref="ProxyOptions"/>; first in the pipeline. Then notes the
    /// address pages are opened at (<see cref="ObservedBaseUrl"/>), for absolute links in emails.
    /// </summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyOptions>().IsConfigured)
        {
            app.UseForwardedHeaders();
        }
        var observed = app.Services.GetRequiredService<ObservedBaseUrl>();
        app.Use(async (context, next) =>
        {
            await observed.ObserveAsync(context.Request);
            await next(context);
        });
        return app;
    }

    public static WebApplication MapOpenBookingEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapMcpEndpoints();
        app.MapBookingEndpoints();
        app.MapDevMailbox();
        app.MapEmbedEndpoints();
        app.MapAdminEndpoints();
        app.MapGoogleEndpoints().RequireAuthorization(AdminPolicy.Name);
        return app;
    }
}
