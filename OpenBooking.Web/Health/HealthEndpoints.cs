using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenBooking.Tools.Data;
using OpenBooking.Web.Admin;
using OpenBooking.Tools.Health;

namespace OpenBooking.Web.Health;

/// <summary>
/// <c>/healthz</c> says the process is alive (no checks: a liveness probe must not fail because a dependency does).
/// <c>/healthz/ready</c> says whether this instance can serve: the database (503 when it cannot be opened and queried
/// or its schema is behind) and each integration (calendar, email, agent, zapier). A configured integration in the
/// Error state is <em>Degraded</em> (200): the app still serves and another instance would fare no better; the
/// dashboard says why. Integrations left on their built-in default are healthy.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/healthz/ready";
    private const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddReadinessChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
        .AddCheck<IntegrationsHealthCheck>("integrations", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
        });
        return app;
    }

    /// <summary>
    /// <c>{"status":"Degraded","checks":[{"name":"database","status":"Healthy","description":"..."}, ...]}</c>: one
    /// entry per check and per integration. Descriptions are written here, never exception messages or settings.
    /// </summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.SelectMany(entry => entry.Value.Data.Values.OfType<IntegrationCheck>().ToList() is { Count: > 0 } parts
            ? parts.Select(part => new CheckResult(part.Name, part.Status.ToString(), part.Description))
            : [new CheckResult(entry.Key, entry.Value.Status.ToString(), entry.Value.Description ?? "")]);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new ReadyReport(report.Status.ToString(), [.. checks]), JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record ReadyReport(string Status, IReadOnlyList<CheckResult> Checks);

    private sealed record CheckResult(string Name, string Status, string Description);
}

/// <summary>The database can be opened and queried, and every migration this build knows is applied.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<OpenBookingDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("The database answers and its schema is up to date.")
                : HealthCheckResult.Unhealthy($"The database answers but {pending} migration(s) are not applied.");
        }
        catch (System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be opened or queried.");
        }
    }
}

/// <summary>One integration's readiness, as the JSON body lists it.</summary>
internal sealed record IntegrationCheck(string Name, HealthStatus Status, string Description);

/// <summary>
/// Each integration's status as the dashboard shows it (<see cref="IIntegrationStatusSource"/>s, built-in defaults for
/// the rest): Error is Degraded, Ok and NotConfigured are Healthy. Titles and errors stay on the dashboard: they can
/// name accounts.
/// </summary>
internal sealed class IntegrationsHealthCheck(IntegrationSettings integrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await integrations.GetStatusesAsync(cancellationToken);
        var checks = statuses.Select(s => s.State switch
        {
            IntegrationState.Error => new IntegrationCheck(s.Integration, HealthStatus.Degraded, "Configured but failing: the dashboard's Integrations page says why."),
            IntegrationState.NotConfigured => new IntegrationCheck(s.Integration, HealthStatus.Healthy, "Not configured: the built-in default is in use."),
            _ => new IntegrationCheck(s.Integration, HealthStatus.Healthy, "Configured and working."),
        }).ToList();
        var data = checks.ToDictionary(c => c.Name, c => (object)c);
        return checks.Any(c => c.Status == HealthStatus.Degraded)
            ? HealthCheckResult.Degraded("An integration is failing.", data: data)
            : HealthCheckResult.Healthy("Every integration is working or on its built-in default.", data: data);
    }
}
