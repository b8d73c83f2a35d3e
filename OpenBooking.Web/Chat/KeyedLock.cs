namespace OpenBooking.Web.Chat;

/// <summary>An async lock per key, kept only while someone holds or waits for it.</summary>
public sealed class KeyedLock<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Gate> _gates = [];

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
    }

    public async Task<IDisposable> EnterAsync(TKey key)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                _gates[key] = gate = new Gate();
            }
            gate.Users++;
        }
        await gate.Semaphore.WaitAsync();
        return new Releaser(this, key, gate);
    }

    private sealed class Releaser(KeyedLock<TKey> owner, TKey key, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }
            gate.Semaphore.Release();
            lock (owner._gates)
            {
                if (--gate.Users == 0)
                {
                    owner._gates.Remove(key);
                }
            }
        }
    }
}
