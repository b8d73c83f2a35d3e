using OpenBooking.Tests.TestSupport;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tests.EndToEnd;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Health;

namespace OpenBooking.Tests.Health;

/// <summary>/healthz says the process is alive; /healthz/ready checks the database and each integration.</summary>
public sealed class HealthEndpointsTests : IDisposable
{
    private readonly AppHost app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task GetReady_FreshApp_HealthyWithEveryCheck()
    {
        var response = await app.CreateClient().GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReadyReport>())!;
        Assert.Equal("Healthy", report.Status);
        Assert.Equal(["database", "calendar", "email", "agent", "zapier"], report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c => Assert.Equal("Healthy", c.Status));
    }

    [Fact]
    public async Task GetReady_ConfiguredProviderFailing_DegradedNamesItWithoutTheError()
    {
        var failing = app.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IIntegrationStatusSource>(new FailingEmail())));

        var response = await failing.CreateClient().GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var report = System.Text.Json.JsonSerializer.Deserialize<ReadyReport>(body, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal("Degraded", report.Status);
        Assert.Equal("Degraded", report.Checks.Single(c => c.Name == "email").Status);
        Assert.Equal("Healthy", report.Checks.Single(c => c.Name == "database").Status);
        Assert.DoesNotContain("smtp.example.com", body);
        Assert.DoesNotContain("owner@example.com", body);
    }

    [Fact]
    public async Task GetReady_DatabaseSchemaBehind_Unhealthy503WhileStillAlive()
    {
        var client = app.CreateClient();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
        }

        var ready = await client.GetAsync("/healthz/ready");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = (await ready.Content.ReadFromJsonAsync<ReadyReport>())!;
        Assert.Equal("Unhealthy", report.Status);
        var database = report.Checks.Single(c => c.Name == "database");
        Assert.Equal("Unhealthy", database.Status);
        Assert.Contains("not applied", database.Description);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private sealed class FailingEmail : IIntegrationStatusSource
    {
        public Task<IntegrationStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(new IntegrationStatus(
            "email", IntegrationState.Error, "SMTP (owner@example.com)", "Emails are not going out.", "Could not connect to smtp.example.com:587."));
    }

    private sealed record ReadyReport(string Status, List<CheckResult> Checks);

    private sealed record CheckResult(string Name, string Status, string Description);
}
