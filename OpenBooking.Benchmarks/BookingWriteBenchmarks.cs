using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Benchmarks;

/// <summary>
/// Booking writes on SQLite through <see cref="BookingService.CreateAsync"/>: each one checks the slot (rules,
/// closures, occupancy) and writes the booking, its customer upsert and its outbox event in one transaction,
/// guarded by the capacity trigger. One invocation books 100 distinct slots; the iteration cleanup removes them.
/// </summary>
[Config(typeof(InProcessConfig))]
public class BookingWriteBenchmarks
{
    private const int Writes = 100;
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];
    private static readonly LocalDate FirstDay = new(2026, 3, 2);

    private BenchmarkHost _host = null!;
    private BookingService _service = null!;
    private IDbContextFactory<OpenBookingDbContext> _factory = null!;
    private LocalDateTime[] _slots = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchmarkHost.StartAsync(FirstDay.At(new LocalTime(8, 0)).InZoneStrictly(Brussels).ToInstant());
        _service = _host.Services.GetRequiredService<BookingService>();
        _factory = _host.Services.GetRequiredService<IDbContextFactory<OpenBookingDbContext>>();
        // 100 one-hour slots on weekdays, 09:00-17:00, from the first Monday on.
        _slots = [.. Enumerable.Range(0, 60).Select(FirstDay.PlusDays)
            .Where(d => d.DayOfWeek <= IsoDayOfWeek.Friday)
            .SelectMany(d => Enumerable.Range(9, 8).Select(h => d.At(new LocalTime(h, 0))))
            .Take(Writes)];
    }

    [IterationCleanup]
    public void Cleanup()
    {
        using var db = _factory.CreateDbContext();
        db.OutboxMessages.ExecuteDelete();
        db.Bookings.ExecuteDelete();
    }

    [GlobalCleanup]
    public ValueTask GlobalCleanupAsync() => _host.DisposeAsync();

    [Benchmark(OperationsPerInvoke = Writes, Description = "CreateAsync: check + write one booking")]
    public async Task CreateBookings()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            await _service.CreateAsync($"customer{i}@example.com", _slots[i]);
        }
    }
}
