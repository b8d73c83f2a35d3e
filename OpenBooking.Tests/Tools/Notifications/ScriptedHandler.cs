using OpenBooking.Tools.Events;

namespace OpenBooking.Tests.Tools.Notifications;

/// <summary>A handler that fails its first <c>failures</c> calls, then records what it handled.</summary>
internal sealed class ScriptedHandler(string name, int failures = 0, Func<Exception>? error = null) : IBookingEventHandler
{
    private int _calls;

    public string Name => name;
    public int Calls => _calls;
    public System.Collections.Concurrent.ConcurrentQueue<BookingEvent> Handled { get; } = new();

    public Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) <= failures)
        {
            throw error?.Invoke() ?? new InvalidOperationException($"{name} is down");
        }
        Handled.Enqueue(bookingEvent);
        return Task.CompletedTask;
    }
}
