using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tests.Tools.Calendar;

/// <summary>
/// The booking write path: what one booking costs the database, the service catalog kept between bookings and
/// refreshed when any instance changes it, a slot taken meanwhile refused quietly, and a busy database answered with
/// "try again in a moment".
/// </summary>
[Collection(SerialDiagnostics.Name)]
public sealed class BookingWritePathTests
{
    // Friday 27 March 2026, 10:00 in Brussels; Monday 30 March is a normal open day.
    private static readonly LocalDateTime MondayAt15 = new(2026, 3, 30, 15, 0);

    /// <summary>No background check: the tests run it by hand, so that what a check changes is what they see.</summary>
    private static readonly Dictionary<string, string?> ChecksByHand = new() { ["Database:ChangeCheckSeconds"] = "0" };

    [Fact]
    public async Task Create_CatalogAlreadyRead_FourCommandsInOneWriteTransaction()
    {
        await using var host = await ToolsTestHost.StartAsync();

        await AssertSecondBookingCostsFourCommandsInOneTransactionAsync(host, MondayAt15);
    }

    /// <summary>Books <paramref name="start"/> (which reads the catalog), then counts what booking the next hour costs.</summary>
    internal static async Task AssertSecondBookingCostsFourCommandsInOneTransactionAsync(ToolsTestHost host, LocalDateTime start)
    {
        var bookings = host.Get<BookingService>();
        await bookings.CreateAsync("first@example.com", start);
        using var counter = new SqlCommandCounter();

        using (counter.Measure())
        {
            await bookings.CreateAsync("second@example.com", start.PlusHours(1));
        }

        Assert.True(counter.Commands.Count <= 4, $"{counter.Commands.Count} commands:\n{string.Join("\n---\n", counter.Commands)}");
        Assert.Equal(1, counter.Commits);
        Assert.Equal(2, await host.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    /// <summary>A closure for one day, written straight to the database as another instance's dashboard would.</summary>
    internal static Task AddClosureAsync(ToolsTestHost host, LocalDate day) => host.WithDbAsync(db =>
    {
        db.Closures.Add(new Closure { From = day, To = day, Reason = "Inventory" });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task Catalog_ServiceSavedInThisProcess_AppliesAtOnce()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: ChecksByHand);
        var catalog = host.Get<ServiceCatalog>();
        Assert.Single(await catalog.ListAsync());

        await new ServiceBuilder().Named("Massage").SaveAsync(host);

        Assert.Contains(await catalog.ListAsync(), s => s.Name == "Massage");
    }

    [Fact]
    public async Task Catalog_ClosureSavedByAnotherInstance_AppliesAfterTheChangeCheck()
    {
        await using var first = await ToolsTestHost.StartAsync(settings: ChecksByHand);
        await using var second = await ToolsTestHost.StartAsync(settings: ChecksByHand, dataDirectory: first.DataDirectory);
        var watcher = first.Get<ChangeStampWatcher>();
        await watcher.CheckAsync();
        var bookings = first.Get<BookingService>();
        Assert.True((await bookings.CheckAsync(MondayAt15)).IsFree);
        var version = first.Get<CatalogVersion>().Current;
        await watcher.CheckAsync();
        Assert.Equal(version, first.Get<CatalogVersion>().Current);

        await AddClosureAsync(second, MondayAt15.Date);
        var beforeCheck = await bookings.CheckAsync(MondayAt15);
        await watcher.CheckAsync();
        var afterCheck = await bookings.CheckAsync(MondayAt15);

        // Until its check, the first instance answers from what it kept (no query per booking for the catalog).
        Assert.True(beforeCheck.IsFree);
        Assert.Equal(SlotProblem.Closed, afterCheck.Problem);
    }

    [Fact]
    public async Task Settings_SavedByAnotherInstance_ApplyAfterTheChangeCheck()
    {
        await using var first = await ToolsTestHost.StartAsync(settings: ChecksByHand);
        await using var second = await ToolsTestHost.StartAsync(settings: ChecksByHand, dataDirectory: first.DataDirectory);
        var watcher = first.Get<ChangeStampWatcher>();
        await watcher.CheckAsync();

        await second.Get<SettingsStore>().SetAsync("Business:Name", "Studio Two");
        await watcher.CheckAsync();

        Assert.Equal("Studio Two", first.Get<IOptionsMonitor<BusinessOptions>>().CurrentValue.Name);
    }

    [Fact]
    public async Task CreateBookingTool_SlotTakenBetweenCheckAndWrite_RefusedAsSlotTakenAndLoggedAsInformation()
    {
        var rival = new RivalCalendar();
        await using var host = await ToolsTestHost.StartAsync(configure: s => s.AddSingleton<ICalendarProvider>(rival));
        rival.BeforeAnswering = () => new BookingBuilder().For("rival@example.com").At(MondayAt15).OfService(ServiceCatalogDefaults.DefaultServiceName).SaveAsync(host);
        var arguments = BookingArguments(host, "late@example.com", MondayAt15);
        var logged = host.Logs.Lines.Count;

        var result = await host.Get<InMemoryToolClients>().CallAsync("create_booking", arguments);

        Assert.Equal(1, rival.RivalsLetIn);
        Assert.True(result.IsError);
        Assert.Equal(ToolErrorCodes.SlotTaken, result.ErrorCode());
        var lines = host.Logs.Lines.Skip(logged).ToList();
        Assert.Contains(lines, l => l.StartsWith("Information OpenBooking.Tools.Mcp.ToolErrorFilter: Tool create_booking refused the call: slot_taken.", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Exception", StringComparison.Ordinal));
        var booked = Assert.Single(await host.WithDbAsync(db => db.Bookings.ToListAsync()));
        Assert.Equal("rival@example.com", booked.Email);
    }

    [Fact]
    public async Task CreateBookingTool_DatabaseLockedPastTheBusyTimeout_AsksToTryAgainAndTheRetryBooks()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = "1" });
        var tools = host.Get<InMemoryToolClients>();
        var arguments = BookingArguments(host, "patient@example.com", MondayAt15);
        await tools.CallAsync("list_services", new Dictionary<string, object?>());

        CallToolResult whileLocked;
        await using (var other = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "openbooking.db")}"))
        {
            // Another process holding the write lock (a long migration, a backup) for longer than the app waits.
            await other.OpenAsync();
            await using var hold = await other.BeginTransactionAsync();
            whileLocked = await tools.CallAsync("create_booking", arguments);
        }
        var afterwards = await tools.CallAsync("create_booking", arguments);

        Assert.True(whileLocked.IsError);
        Assert.Equal(ToolErrorCodes.TemporarilyUnavailable, whileLocked.ErrorCode());
        Assert.Contains("try again in a moment", whileLocked.ErrorText());
        Assert.NotEqual(true, afterwards.IsError);
        Assert.Single(await host.WithDbAsync(db => db.Bookings.ToListAsync()));
    }

    private static Dictionary<string, object?> BookingArguments(ToolsTestHost host, string email, LocalDateTime start) => new()
    {
        ["email"] = email,
        ["start"] = start.ToString("yyyy-MM-dd'T'HH:mm", null),
        ["verificationToken"] = host.Get<VerificationTokenService>().Issue(email).Token,
    };

    /// <summary>The built-in calendar, except that once armed it lets a rival booking in just before it answers: the slot is taken between the booking's rule check and its write.</summary>
    private sealed class RivalCalendar : ICalendarProvider
    {
        private int _armedCalls;

        public Func<Task>? BeforeAnswering { get; set; }

        public int RivalsLetIn { get; private set; }

        public async Task<IReadOnlyList<Interval>> GetBusyAsync(Interval window, CancellationToken cancellationToken)
        {
            if (BeforeAnswering is { } rival && Interlocked.Increment(ref _armedCalls) == 1)
            {
                await rival();
                RivalsLetIn++;
            }
            return [];
        }
    }
}
