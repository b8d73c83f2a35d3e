using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;

namespace OpenBooking.Tests.Tools.Notifications;

/// <summary>The clock starts on Friday 27 March 2026 at 10:00 in Brussels; the lead time is the default 24 hours.</summary>
public sealed class ReminderSchedulerTests
{
    private static readonly LocalDateTime SaturdayAt9 = new(2026, 3, 28, 9, 0);
    private static readonly LocalDateTime SundayAt16 = new(2026, 3, 29, 16, 0);

    [Fact]
    public async Task RunOnce_BookingWithinLeadTime_QueuesReminderThatDispatchSends()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);

        var queued = await host.Reminders().RunOnceAsync();
        await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(1, queued);
        Assert.Equal(host.Clock.GetCurrentInstant(), (await host.BookingAsync(booking.Id)).ReminderSentAt);
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Equal((BookingEventTypes.ReminderDue, booking.Sequence), (message.Type, message.Sequence));
        Assert.NotNull(message.ProcessedAt);
        var email = Assert.Single(host.Emails());
        Assert.Equal("Reminder: Haircut at Studio Anna on Saturday 28 March at 09:00", email.Subject);
        Assert.Equal("REQUEST", IcsDocument.Parse(email.CalendarText!).Value("METHOD"));
    }

    [Fact]
    public async Task Start_LeadTimeOutOfRange_StopsWithTheKeyNamed()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With("Notifications:ReminderLeadHours", "0")));

        Assert.Contains("ReminderLeadHours", ex.Message);
    }

    [Fact]
    public async Task RunOnce_ShorterLeadTimeConfigured_WaitsForIt()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With("Notifications:ReminderLeadHours", "2"));
        await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);

        var dayBefore = await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromHours(21));
        var twoHoursBefore = await host.Reminders().RunOnceAsync();

        Assert.Equal((0, 1), (dayBefore, twoHoursBefore));
    }

    [Fact]
    public async Task RunOnce_CalledTwice_QueuesOneReminder()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);

        var first = await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromMinutes(1));
        var second = await host.Reminders().RunOnceAsync();
        await host.Dispatcher().DispatchDueAsync();

        Assert.Equal((1, 0), (first, second));
        Assert.Single(await host.OutboxAsync());
        Assert.Single(host.Emails());
    }

    [Fact]
    public async Task RunOnce_TwoSchedulersOnOneDatabase_QueueEachReminderOnce()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        await using var first = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications());
        await using var second = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: first.DataDirectory);
        for (var i = 0; i < 8; i++)
        {
            await new BookingBuilder().For($"customer{i}@example.com").At(new LocalDateTime(2026, 3, 27, 14, 0).PlusMinutes(30 * i)).Lasting(Duration.FromMinutes(30)).SaveAsync(first, recordCreated: false);
        }

        var queued = await Task.WhenAll(
            Task.Run(() => first.Reminders().RunOnceAsync()),
            Task.Run(() => second.Reminders().RunOnceAsync()));
        await Task.WhenAll(first.Dispatcher().DispatchDueAsync(), second.Dispatcher().DispatchDueAsync());

        Assert.Equal(8, queued.Sum());
        var reminders = await first.OutboxAsync();
        Assert.Equal(8, reminders.Count);
        Assert.Equal(8, reminders.Select(m => m.BookingId).Distinct().Count());
        Assert.Equal(8, first.Emails().Count);
    }

    [Fact]
    public async Task RunOnce_BookingFurtherAheadThanLeadTime_WaitsUntilItIsDue()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        await new BookingBuilder().At(SundayAt16).SaveAsync(host, recordCreated: false);

        var early = await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromHours(29) - Duration.FromMinutes(1));
        var stillEarly = await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromMinutes(1));
        var due = await host.Reminders().RunOnceAsync();

        Assert.Equal((0, 0, 1), (early, stillEarly, due));
    }

    [Fact]
    public async Task RunOnce_BookedInsideTheLeadTime_SendsNoReminderBesideTheConfirmation()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SaturdayAt9).BookedAgo(Duration.FromHours(1)).SaveAsync(host);

        var queued = await host.Reminders().RunOnceAsync();

        Assert.Equal(0, queued);
        Assert.Null((await host.BookingAsync(booking.Id)).ReminderSentAt);
    }

    [Fact]
    public async Task RunOnce_MovedIntoTheLeadTime_SendsNoReminderBesideTheMoveEmail()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SundayAt16).BookedAgo(Duration.FromDays(5)).SaveAsync(host);
        await host.MoveAsync(booking.Id, SaturdayAt9);

        var queued = await host.Reminders().RunOnceAsync();

        Assert.Equal(0, queued);
    }

    [Fact]
    public async Task RunOnce_CancelledBooking_QueuesNothing()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);
        await host.CancelAsync(booking.Id);

        Assert.Equal(0, await host.Reminders().RunOnceAsync());
    }

    [Fact]
    public async Task RunOnce_MovedAfterItsReminder_RemindsAgainForTheNewTime()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);
        await host.Reminders().RunOnceAsync();
        await host.MoveAsync(booking.Id, new LocalDateTime(2026, 3, 31, 11, 0));

        var rightAfterMove = await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromDays(3));
        var dayBeforeNewTime = await host.Reminders().RunOnceAsync();
        await host.Dispatcher().DispatchDueAsync();

        Assert.Equal((0, 1), (rightAfterMove, dayBeforeNewTime));
        var reminders = host.Emails().Where(e => e.Subject.StartsWith("Reminder:", StringComparison.Ordinal)).ToList();
        // The first reminder was queued for the old time and the booking moved before it went: only the new one is sent.
        var reminder = Assert.Single(reminders);
        Assert.Contains("Tuesday 31 March", reminder.Subject);
        Assert.Equal("1", IcsDocument.Parse(reminder.CalendarText!).Component("VEVENT").Value("SEQUENCE"));
    }

    [Fact]
    public async Task Dispatch_ReminderForABookingCancelledSinceQueued_SendsNothing()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);
        await host.Reminders().RunOnceAsync();
        await host.CancelAsync(booking.Id);

        await host.Dispatcher().DispatchDueAsync();

        var email = Assert.Single(host.Emails());
        Assert.StartsWith("Cancelled:", email.Subject);
        Assert.All(await host.OutboxAsync(), m => Assert.NotNull(m.ProcessedAt));
    }

    [Fact]
    public async Task Dispatch_ReminderStillQueuedAtTheStart_SendsNothing()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        await new BookingBuilder().At(SaturdayAt9).SaveAsync(host, recordCreated: false);
        await host.Reminders().RunOnceAsync();
        host.Clock.Advance(Duration.FromDays(1));

        await host.Dispatcher().DispatchDueAsync();

        Assert.Empty(host.Emails());
        Assert.NotNull(Assert.Single(await host.OutboxAsync()).ProcessedAt);
    }

    [Fact]
    public async Task Reminder_DueWhileTheAppWasDown_IsQueuedByTheNextHost()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        var data = TempFolder.Create();
        try
        {
            Guid bookingId;
            await using (var before = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: data))
            {
                bookingId = (await new BookingBuilder().At(SundayAt16).SaveAsync(before, recordCreated: false)).Id;
                Assert.Equal(0, await before.Reminders().RunOnceAsync());
            }

            clock.Advance(Duration.FromHours(30));
            await using var after = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: data);
            var queued = await after.Reminders().RunOnceAsync();
            await after.Dispatcher().DispatchDueAsync();

            Assert.Equal(1, queued);
            Assert.Equal(bookingId, Assert.Single(await after.OutboxAsync()).BookingId);
            Assert.Single(after.Emails());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolder.Delete(data);
        }
    }

    [Fact]
    public async Task Reminder_QueuedJustBeforeARestart_IsSentOnceByTheNextHost()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        var data = TempFolder.Create();
        try
        {
            await using (var before = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: data))
            {
                await new BookingBuilder().At(SaturdayAt9).SaveAsync(before, recordCreated: false);
                Assert.Equal(1, await before.Reminders().RunOnceAsync());
            }

            clock.Advance(Duration.FromMinutes(1));
            await using var after = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: data);
            var queuedAgain = await after.Reminders().RunOnceAsync();
            await after.Dispatcher().DispatchDueAsync();

            Assert.Equal(0, queuedAgain);
            var email = Assert.Single(after.Emails());
            Assert.StartsWith("Reminder:", email.Subject);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolder.Delete(data);
        }
    }
}
