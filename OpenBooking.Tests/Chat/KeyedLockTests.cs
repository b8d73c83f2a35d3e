using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task SameKey_WaitsForTheHolder_OtherKeysDoNot()
    {
        var locks = new KeyedLock<string>();
        var first = await locks.EnterAsync("a");

        var second = locks.EnterAsync("a");
        var other = locks.EnterAsync("b");

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        Assert.True(locks.IsHeld("a"));
        first.Dispose();
        (await second).Dispose();
        (await other).Dispose();
        Assert.False(locks.IsHeld("a"));
        Assert.False(locks.IsHeld("b"));
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheLockUsable()
    {
        var locks = new KeyedLock<string>();
        var holder = await locks.EnterAsync("a");
        using var cancel = new CancellationTokenSource();

        var waiting = locks.EnterAsync("a", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();

        Assert.False(locks.IsHeld("a"));
        using var again = await locks.EnterAsync("a").WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(locks.IsHeld("a"));
    }
}
