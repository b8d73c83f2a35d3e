using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tests.Tools.Calendar;
using OpenBooking.Tests.Tools.Email;
using OpenBooking.Tests.Tools.Notifications;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tests.Tools.Data;

/// <summary>
/// The tool servers on a real PostgreSQL server (see <see cref="PostgreSqlServer"/>): migrated at start, the booking
/// guard holding across two instances, settings and the outbox shared.
/// </summary>
[Collection(SerialDiagnostics.Name)]
public sealed class PostgreSqlTests
{
    private static readonly LocalDateTime Monday14 = new(2026, 3, 30, 14, 0);

    [Fact]
    public async Task Start_OnAnEmptyDatabase_MigratesAndServesTheTools()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: await PostgreSqlServer.SettingsAsync());
        var clients = host.Get<InMemoryToolClients>();

        var services = (await clients.CallAsync("list_services", new Dictionary<string, object?>())).Structured<ServicesResult>();
        var slots = (await clients.CallAsync("find_free_slots", new Dictionary<string, object?> { ["fromDate"] = "2026-03-30" })).Structured<FreeSlotsResult>();

        Assert.Equal("Appointment", Assert.Single(services.Services).Name);
        Assert.StartsWith("2026-03-30T09:00:00+02:00", slots.Slots[0].Start);
        await using var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync();
        Assert.True(db.IsPostgreSql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task CreateBooking_ThirtyParallelRequestsOverTwoInstances_ExactlyOneWins()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = await ToolsTestHost.StartAsync(settings: settings);
        await using var second = await ToolsTestHost.StartAsync(settings: settings);
        var instances = new[] { first.Get<BookingService>(), second.Get<BookingService>() };

        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                await instances[i % 2].CreateAsync($"racer{i}@example.com", Monday14);
                return null;
            }
            catch (BookingException refused)
            {
                return refused.ErrorCode;
            }
        })));

        Assert.Single(attempts, a => a is null);
        Assert.All(attempts.Where(a => a is not null), code => Assert.Equal(ToolErrorCodes.SlotTaken, code));
        Assert.Single(await second.WithDbAsync(db => db.Bookings.ToListAsync()));
    }

    [Fact]
    public async Task CreateBooking_CatalogAlreadyRead_FourCommandsInOneWriteTransaction()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: await PostgreSqlServer.SettingsAsync());

        await BookingWritePathTests.AssertSecondBookingCostsFourCommandsInOneTransactionAsync(host, Monday14);
    }

    [Fact]
    public async Task Catalog_ClosureSavedOnOneInstance_AppliesOnTheOtherAfterItsChangeCheck()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        settings["Database:ChangeCheckSeconds"] = "0";
        await using var first = await ToolsTestHost.StartAsync(settings: settings);
        await using var second = await ToolsTestHost.StartAsync(settings: settings);
        var watcher = first.Get<ChangeStampWatcher>();
        await watcher.CheckAsync();
        Assert.True((await first.Get<BookingService>().CheckAsync(Monday14)).IsFree);

        await BookingWritePathTests.AddClosureAsync(second, Monday14.Date);
        await watcher.CheckAsync();

        Assert.Equal(SlotProblem.Closed, (await first.Get<BookingService>().CheckAsync(Monday14)).Problem);
    }

    [Fact]
    public async Task Guard_WritesThatSkipTheAppsChecks_AreRefusedByTheDatabase()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: await PostgreSqlServer.SettingsAsync());
        var first = await new BookingBuilder().For("first@example.com").At(Monday14).SaveAsync(host, recordCreated: false);

        var sameService = await Assert.ThrowsAsync<DbUpdateException>(() =>
            new BookingBuilder().For("second@example.com").At(Monday14.PlusMinutes(30)).SaveAsync(host, recordCreated: false));
        var otherService = await Assert.ThrowsAsync<DbUpdateException>(() =>
            new BookingBuilder().For("third@example.com").At(Monday14.PlusMinutes(-30)).OfService("Colour").SaveAsync(host, recordCreated: false));
        await host.WithDbAsync(db => db.Bookings.Where(b => b.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Cancelled)));
        var afterCancel = await new BookingBuilder().For("fourth@example.com").At(Monday14.PlusMinutes(30)).SaveAsync(host, recordCreated: false);
        var reopen = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            host.WithDbAsync(db => db.Bookings.Where(b => b.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Confirmed))));

        Assert.All([sameService, otherService], e => Assert.Equal("23P01", ((Npgsql.PostgresException)e.InnerException!).SqlState));
        Assert.Equal(BookingGuard.Error, reopen.MessageText);
        Assert.Equal([afterCancel.Id], await host.WithDbAsync(db => db.Bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.Id).ToListAsync()));
    }

    [Fact]
    public async Task Settings_SavedOnOneInstance_AreReadByANewOne()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using (var first = await ToolsTestHost.StartAsync(settings: settings))
        {
            await first.Get<SettingsStore>().SetAsync(new Dictionary<string, string?> { ["Business:Name"] = "Salon on Postgres" });
            Assert.Equal("Salon on Postgres", first.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.Name);
        }

        await using var second = await ToolsTestHost.StartAsync(settings: settings);

        Assert.Equal("Salon on Postgres", second.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.Name);
    }

    [Fact]
    public async Task Outbox_TwoDispatchersOnOneDatabase_DeliverEachMessageOnce()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        var seen = new ScriptedHandler("seen");
        var settings = TestSettings.Notifications().With("Notifications:BatchSize", "3").With(await PostgreSqlServer.SettingsAsync());
        await using var first = await ToolsTestHost.StartAsync(clock, settings, configure: s => s.AddSingleton<IBookingEventHandler>(seen));
        await using var second = await ToolsTestHost.StartAsync(clock, settings, configure: s => s.AddSingleton<IBookingEventHandler>(seen));
        for (var i = 0; i < 12; i++)
        {
            await new BookingBuilder().For($"customer{i}@example.com").At(new LocalDateTime(2026, 4, 1, 8, 0).PlusHours(i)).SaveAsync(first);
        }

        var results = await Task.WhenAll(
            Task.Run(() => first.Dispatcher().DispatchDueAsync()),
            Task.Run(() => second.Dispatcher().DispatchDueAsync()));

        Assert.Equal(12, results.Sum(r => r.Delivered));
        Assert.Equal(12, seen.Handled.Select(e => e.MessageId).Distinct().Count());
        Assert.All(await first.OutboxAsync(), m => Assert.Equal(1, m.Attempts));
    }

    [Fact]
    public async Task Keys_SharedThroughTheDatabase_TokensAndSecretsFromOneInstanceWorkOnAnother()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = await ToolsTestHost.StartAsync(settings: settings);
        await using var second = await ToolsTestHost.StartAsync(settings: settings);
        var (token, _) = first.Get<VerificationTokenService>().Issue("ann@example.com");
        await first.Get<SettingsStore>().SetAsync(new Dictionary<string, string?> { ["Email:Smtp:Password"] = "s3cret-password" });

        second.Get<DatabaseSettingsSource>().Provider.Reload();

        Assert.Equal("ann@example.com", second.Get<VerificationTokenService>().Validate(token));
        Assert.Equal("s3cret-password", second.Get<IOptionsMonitor<OpenBooking.Tools.Email.EmailOptions>>().CurrentValue.Smtp.Password);
        var stored = await second.WithDbAsync(db => db.AppSettings.SingleAsync(s => s.Key == "Email:Smtp:Password"));
        Assert.DoesNotContain("s3cret-password", stored.Value);
        Assert.NotEmpty(await second.WithDbAsync(db => db.DataProtectionKeys.ToListAsync()));
    }

    [Fact]
    public async Task ConnectionsDropped_ByTheServer_TheNextBookingIsRetriedAndSaved()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var host = await ToolsTestHost.StartAsync(settings: settings);
        var bookings = host.Get<BookingService>();
        await bookings.CreateAsync("before@example.com", Monday14);

        // What a database restart or failover does to the app's pooled connections.
        var database = new Npgsql.NpgsqlConnectionStringBuilder(settings["ConnectionStrings:OpenBooking"]).Database;
        await using (var admin = new Npgsql.NpgsqlConnection((await PostgreSqlServer.GetAsync()).ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var terminate = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin)
            {
                Parameters = { new() { Value = database } },
            };
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0);
        }

        var after = await bookings.CreateAsync("after@example.com", Monday14.PlusHours(2));

        Assert.Equal(2, await host.WithDbAsync(db => db.Bookings.CountAsync()));
        Assert.Equal("after@example.com", after.Email);
    }

    [Fact]
    public async Task EmailFailure_SeenByOneInstance_ShowsOnTheOthersDashboard()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.MessageRefusal = "554 5.7.1 Message rejected as spam";
        var settings = new TestSettings().With(await PostgreSqlServer.SettingsAsync()).With(smtp.Settings().WithoutBackgroundWork());
        await using var first = await ToolsTestHost.StartAsync(settings: settings);
        await using var second = await ToolsTestHost.StartAsync(settings: settings);

        await Assert.ThrowsAsync<EmailDeliveryException>(() => first.Get<IEmailSender>().SendAsync(new EmailMessage("john@example.com", "Hello", "Text")));

        var seen = (await second.Get<EmailDiagnostics>().GetStatusAsync()).Single(s => s.Provider == EmailProvider.Smtp);
        Assert.True(seen.IsFailing);
        Assert.Contains("Message rejected as spam", seen.LastError);
    }

    [Fact]
    public async Task IssueCode_TenParallelRequestsForOneEmailOverTwoInstances_OneCodeTheRestCoolDown()
    {
        var settings = await PostgreSqlServer.SettingsAsync();
        await using var first = await ToolsTestHost.StartAsync(settings: settings);
        await using var second = await ToolsTestHost.StartAsync(settings: settings);
        var instances = new[] { first.Get<OtpService>(), second.Get<OtpService>() };

        var issues = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => instances[i % 2].IssueAsync("ann@example.com", $"203.0.113.{i}"))));

        Assert.Single(issues, issue => issue.Issued);
        Assert.All(issues.Where(issue => !issue.Issued), issue => Assert.Equal(OtpLimit.Cooldown, issue.Limit));
    }
}
