namespace OpenBooking.Tools.Events;

/// <summary>
/// Wakes this process's outbox dispatcher right away. Call <see cref="Notify"/> after committing a
/// transaction that wrote an <see cref="Data.OutboxMessage"/>; without it the message still goes at the next poll.
/// </summary>
public interface IOutboxSignal
{
    void Notify();
}
