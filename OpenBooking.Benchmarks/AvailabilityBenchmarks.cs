using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Free slots over 60 days with 10,000 existing bookings: the pure engine (bookings already in memory), and the
/// whole <see cref="BookingService.FindFreeSlotsAsync"/> path on a real SQLite file (query + engine).
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class AvailabilityBenchmarks
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly LocalDate FirstDay = new(2026, 3, 2);

    private BusinessSchedule _schedule = null!;
    private SlotRules _rules = null!;
    private List<BookedBlock> _bookings = null!;
    private BenchmarkHost _host = null!;
    private BookingService _service = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        WeeklyOpeningHours.TryParseRanges("09:00-12:00, 13:00-17:00", out var ranges, out _);
        var week = Enum.GetValues<IsoDayOfWeek>().Where(d => d is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Friday)
            .ToDictionary(d => d, _ => ranges);
        _schedule = new BusinessSchedule(Brussels, new WeeklyOpeningHours(week), [new DateInterval(FirstDay.PlusDays(30), FirstDay.PlusDays(31))]);
        var serviceId = ServiceCatalogDefaults.DefaultServiceId;
        _rules = new SlotRules(serviceId, Duration.FromMinutes(60), Duration.Zero, Duration.FromMinutes(15), Period.FromMinutes(15), 1);

        // 10,000 bookings of 30 minutes on a 15-minute grid over a year of opening hours (many days partly full).
        var random = new Random(42);
        _bookings = [.. Enumerable.Range(0, 10_000).Select(_ =>
        {
            var day = FirstDay.PlusDays(random.Next(0, 365));
            var start = day.At(new LocalTime(9, 0).PlusMinutes(15 * random.Next(0, 28))).InZoneLeniently(Brussels).ToInstant();
            return new BookedBlock(start, start + Duration.FromMinutes(30), serviceId);
        })];

        _host = await BenchmarkHost.StartAsync(FirstDay.At(new LocalTime(8, 0)).InZoneStrictly(Brussels).ToInstant());
        _service = _host.Services.GetRequiredService<BookingService>();
        var factory = _host.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var customer = await db.GetOrAddCustomerAsync("bench@example.com", Instant.FromUtc(2026, 1, 1, 0, 0));
        // Rows written directly (not through the service) so that overlaps from the random grid are allowed: the
        // trigger guards a service's capacity, so these go on a generous service of their own.
        var crowd = new Service { Name = "Crowd", Capacity = 100_000 };
        db.Services.Add(crowd);
        foreach (var block in _bookings)
        {
            db.Bookings.Add(new Booking
            {
                CustomerId = customer.Id, ServiceId = crowd.Id, Email = "bench@example.com",
                Start = block.Start, End = block.End, BlockStart = block.Start, BlockEnd = block.End,
                Capacity = crowd.Capacity, TimeZone = Brussels.Id, ManageToken = Guid.NewGuid().ToString("N"),
            });
        }
        await db.SaveChangesAsync();
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();

    [Benchmark(Description = "Engine: 60 days, 10,000 bookings in memory")]
    public int EngineSixtyDays() =>
        AvailabilityEngine.FreeSlots(_schedule, new DateInterval(FirstDay, FirstDay.PlusDays(59)), _rules, _bookings, [],
            Instant.MinValue, Instant.MaxValue).Count;

    [Benchmark(Description = "BookingService: 60 days on SQLite with 10,000 bookings")]
    public async Task<int> ServiceSixtyDays() =>
        (await _service.FindFreeSlotsAsync(FirstDay, FirstDay.PlusDays(59), max: 10_000)).Count;
}
