namespace OpenBooking.Tests.TestSupport;

/// <summary>Waits for something a background service does (a queue drained, a batch exported), up to a bound.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(seconds * (double)TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
