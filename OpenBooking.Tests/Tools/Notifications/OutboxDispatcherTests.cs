using System.Net.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Events;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tests.Tools.Notifications;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task DispatchDue_MoveThroughTheBookingService_EmailShowsOldAndNewTime()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var bookings = host.Get<OpenBooking.Tools.Calendar.BookingService>();
        var booked = await bookings.CreateAsync("mover@example.com", new LocalDateTime(2026, 3, 30, 15, 0));
        await bookings.RescheduleAsync(booked.Id, "mover@example.com", new LocalDateTime(2026, 3, 31, 10, 0));

        await host.Dispatcher().DispatchDueAsync();

        var moved = Assert.Single(host.Emails(), e => e.Subject.StartsWith("Moved:", StringComparison.Ordinal));
        Assert.Contains("Tuesday 31 March 2026", moved.TextBody);
        Assert.Contains("Was", moved.TextBody);
        Assert.Contains("Monday 30 March 2026", moved.TextBody);
        Assert.Single(host.Emails(), e => e.Subject.StartsWith("Confirmed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchDue_BookingCreated_SendsConfirmationWithRequestInvite()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(new LocalDateTime(2026, 3, 30, 15, 0)).SaveAsync(host);

        var result = await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(new DispatchResult(1, 0), result);
        var email = Assert.Single(host.Emails());
        Assert.Equal("john@example.com", email.To);
        Assert.Equal("Confirmed: Haircut at Studio Anna on Monday 30 March at 15:00", email.Subject);
        Assert.Contains("Monday 30 March 2026", email.TextBody);
        Assert.Contains($"{TestSettings.PublicBaseUrl}/booking/{booking.ManageToken}", email.TextBody);
        Assert.Equal(["appointment.ics"], email.AttachmentNames);
        var calendar = IcsDocument.Parse(Assert.IsType<string>(email.CalendarText));
        Assert.Equal("REQUEST", calendar.Value("METHOD"));
        var vevent = calendar.Component("VEVENT");
        Assert.Equal($"{booking.Id:D}@openbooking", vevent.Value("UID"));
        Assert.Equal("0", vevent.Value("SEQUENCE"));
        Assert.Equal("20260330T150000", vevent.Value("DTSTART"));
        Assert.Equal("mailto:" + TestSettings.EmailFrom, vevent.Value("ORGANIZER"));
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Equal(host.Clock.GetCurrentInstant(), message.ProcessedAt);
        Assert.Equal(1, message.Attempts);
        Assert.Null(message.LastError);
    }

    [Fact]
    public async Task DispatchDue_NothingDue_DoesNothing()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().SaveAsync(host);
        await host.Dispatcher().DispatchDueAsync();

        var again = await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(new DispatchResult(0, 0), again);
        Assert.Single(host.Emails());
    }

    [Fact]
    public async Task DispatchDue_BookingCancelled_SendsCancelWithSameUidAndHigherSequence()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().SaveAsync(host);
        await host.Dispatcher().DispatchDueAsync();

        await host.CancelAsync(booking.Id);
        await host.Dispatcher().DispatchDueAsync();

        var emails = host.Emails();
        Assert.Equal(2, emails.Count);
        var confirmation = IcsDocument.Parse(emails.Single(e => e.Subject.StartsWith("Confirmed:", StringComparison.Ordinal)).CalendarText!);
        var cancellationEmail = emails.Single(e => e.Subject.StartsWith("Cancelled:", StringComparison.Ordinal));
        var cancellation = IcsDocument.Parse(cancellationEmail.CalendarText!);
        Assert.Equal("CANCEL", cancellation.Value("METHOD"));
        Assert.Equal(confirmation.Component("VEVENT").Value("UID"), cancellation.Component("VEVENT").Value("UID"));
        Assert.True(int.Parse(cancellation.Component("VEVENT").Value("SEQUENCE")) > int.Parse(confirmation.Component("VEVENT").Value("SEQUENCE")));
        Assert.Equal("CANCELLED", cancellation.Component("VEVENT").Value("STATUS"));
        Assert.DoesNotContain("calendar.google.com", cancellationEmail.TextBody);
    }

    [Fact]
    public async Task DispatchDue_CreatedEventAfterAMove_SendsWhatHappenedWithTheCurrentTimeAndSequence()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().At(new LocalDateTime(2026, 3, 30, 15, 0)).SaveAsync(host);
        await host.MoveAsync(booking.Id, new LocalDateTime(2026, 3, 31, 10, 0));

        await host.Dispatcher().DispatchDueAsync();

        var emails = host.Emails();
        var confirmation = emails.Single(e => e.Subject.StartsWith("Confirmed:", StringComparison.Ordinal));
        var moved = emails.Single(e => e.Subject.StartsWith("Moved:", StringComparison.Ordinal));
        Assert.Contains("changed since", confirmation.TextBody);
        Assert.Contains("Tuesday 31 March 2026", confirmation.TextBody);
        Assert.DoesNotContain("changed since", moved.TextBody);
        foreach (var email in emails)
        {
            var vevent = IcsDocument.Parse(email.CalendarText!).Component("VEVENT");
            Assert.Equal("1", vevent.Value("SEQUENCE"));
            Assert.Equal("20260331T100000", vevent.Value("DTSTART"));
        }
    }

    [Fact]
    public async Task DispatchDue_FailingHandler_RetriesWithBackoffAndSucceedsLater()
    {
        var first = new ScriptedHandler("first");
        var flaky = new ScriptedHandler("flaky", failures: 2);
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications(), configure: services =>
        {
            services.AddSingleton<IBookingEventHandler>(first);
            services.AddSingleton<IBookingEventHandler>(flaky);
        });
        await new BookingBuilder().SaveAsync(host);
        var dispatcher = host.Dispatcher();
        var start = host.Clock.GetCurrentInstant();

        Assert.Equal(new DispatchResult(0, 1), await dispatcher.DispatchDueAsync());
        var failed = Assert.Single(await host.OutboxAsync());
        Assert.Null(failed.ProcessedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(start + Duration.FromSeconds(30), failed.NextAttemptAt);
        Assert.Equal("flaky: InvalidOperationException: flaky is down", failed.LastError);

        host.Clock.Advance(Duration.FromSeconds(29));
        Assert.Equal(new DispatchResult(0, 0), await dispatcher.DispatchDueAsync());

        host.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal(new DispatchResult(0, 1), await dispatcher.DispatchDueAsync());
        Assert.Equal(host.Clock.GetCurrentInstant() + Duration.FromMinutes(2), Assert.Single(await host.OutboxAsync()).NextAttemptAt);

        host.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(new DispatchResult(1, 0), await dispatcher.DispatchDueAsync());

        var delivered = Assert.Single(await host.OutboxAsync());
        Assert.Equal(host.Clock.GetCurrentInstant(), delivered.ProcessedAt);
        Assert.Equal(3, delivered.Attempts);
        Assert.Null(delivered.LastError);
        Assert.Single(flaky.Handled);
        Assert.Single(first.Handled);
        Assert.Single(host.Emails());
    }

    [Fact]
    public async Task DispatchDue_HandlerKeepsFailing_GivesUpAfterMaxAttemptsAndKeepsTheErrorWithoutSecrets()
    {
        var broken = new ScriptedHandler("webhook", failures: int.MaxValue,
            error: () => new HttpRequestException("POST https://hooks.zapier.com/hooks/catch/123/s3cr3t/ failed"));
        await using var host = await ToolsTestHost.StartAsync(
            settings: TestSettings.Notifications().With("Notifications:MaxAttempts", "3"),
            configure: services => services.AddSingleton<IBookingEventHandler>(broken));
        await new BookingBuilder().SaveAsync(host);
        var dispatcher = host.Dispatcher();

        await dispatcher.DispatchDueAsync();
        host.Clock.Advance(OutboxDispatcher.BackoffAfter(1));
        await dispatcher.DispatchDueAsync();
        host.Clock.Advance(OutboxDispatcher.BackoffAfter(2));
        await dispatcher.DispatchDueAsync();
        host.Clock.Advance(Duration.FromDays(7));
        var afterGivingUp = await dispatcher.DispatchDueAsync();

        Assert.Equal(new DispatchResult(0, 0), afterGivingUp);
        Assert.Equal(3, broken.Calls);
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Null(message.ProcessedAt);
        Assert.Equal(3, message.Attempts);
        Assert.Contains("webhook: HttpRequestException", message.LastError);
        Assert.Contains("https://hooks.zapier.com/", message.LastError);
        Assert.DoesNotContain("s3cr3t", message.LastError);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 120)]
    [InlineData(3, 600)]
    [InlineData(8, 8 * 3600)]
    [InlineData(20, 8 * 3600)]
    public void BackoffAfter_FailedAttempts_GrowsThenCaps(int failedAttempts, int seconds) =>
        Assert.Equal(Duration.FromSeconds(seconds), OutboxDispatcher.BackoffAfter(failedAttempts));

    [Fact]
    public async Task DispatchDue_MessageClaimedByAnotherDispatcher_IsLeftAlone()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var blocking = new BlockingHandler(entered, release.Task);
        await using var first = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), configure: s => s.AddSingleton<IBookingEventHandler>(blocking));
        await using var second = await ToolsTestHost.StartAsync(clock, TestSettings.Notifications(), dataDirectory: first.DataDirectory);
        await new BookingBuilder().SaveAsync(first);

        var firstPass = first.Dispatcher().DispatchDueAsync();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var secondPass = await second.Dispatcher().DispatchDueAsync();
        release.SetResult();

        Assert.Equal(new DispatchResult(0, 0), secondPass);
        Assert.Equal(new DispatchResult(1, 0), await firstPass);
        Assert.Single(first.Emails());
    }

    [Fact]
    public async Task DispatchDue_TwoDispatchersOnOneDatabase_DeliverEachMessageOnce()
    {
        var clock = TestClock.At("2026-03-27T10:00");
        var seen = new ScriptedHandler("seen");
        var settings = TestSettings.Notifications().With("Notifications:BatchSize", "3");
        await using var first = await ToolsTestHost.StartAsync(clock, settings, configure: s => s.AddSingleton<IBookingEventHandler>(seen));
        await using var second = await ToolsTestHost.StartAsync(clock, settings, configure: s => s.AddSingleton<IBookingEventHandler>(seen), dataDirectory: first.DataDirectory);
        for (var i = 0; i < 12; i++)
        {
            await new BookingBuilder().For($"customer{i}@example.com").At(new LocalDateTime(2026, 4, 1, 8, 0).PlusHours(i)).SaveAsync(first);
        }

        var results = await Task.WhenAll(
            Task.Run(() => first.Dispatcher().DispatchDueAsync()),
            Task.Run(() => second.Dispatcher().DispatchDueAsync()));

        Assert.Equal(12, results.Sum(r => r.Delivered));
        Assert.Equal(12, seen.Handled.Count);
        Assert.Equal(12, seen.Handled.Select(e => e.MessageId).Distinct().Count());
        Assert.Equal(12, first.Emails().Count);
        Assert.All(await first.OutboxAsync(), m => Assert.Equal(1, m.Attempts));
    }

    [Fact]
    public async Task DispatchDue_LeaseOfACrashedDispatcherRunsOut_DeliversThen()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        var booking = await new BookingBuilder().SaveAsync(host);
        // As if another process claimed the message and died before finishing it.
        await using (var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync())
        {
            await db.OutboxMessages.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, 1)
                .SetProperty(m => m.NextAttemptAt, host.Clock.GetCurrentInstant() + OutboxDispatcher.Lease));
        }

        var during = await host.Dispatcher().DispatchDueAsync();
        host.Clock.Advance(OutboxDispatcher.Lease);
        var after = await host.Dispatcher().DispatchDueAsync();

        Assert.Equal(new DispatchResult(0, 0), during);
        Assert.Equal(new DispatchResult(1, 0), after);
        Assert.Equal(2, Assert.Single(await host.OutboxAsync()).Attempts);
    }

    [Fact]
    public async Task DispatchDue_BookingGone_MarksMessageProcessedWithANote()
    {
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications());
        await using (var db = await host.Get<IDbContextFactory<OpenBookingDbContext>>().CreateDbContextAsync())
        {
            db.OutboxMessages.Add(new OutboxMessage { Type = BookingEventTypes.Created, BookingId = Guid.NewGuid(), OccurredAt = host.Clock.GetCurrentInstant(), NextAttemptAt = host.Clock.GetCurrentInstant() });
            await db.SaveChangesAsync();
        }

        await host.Dispatcher().DispatchDueAsync();

        var message = Assert.Single(await host.OutboxAsync());
        Assert.NotNull(message.ProcessedAt);
        Assert.Equal("The booking no longer exists.", message.LastError);
        Assert.Empty(host.Emails());
    }

    [Fact]
    public async Task BackgroundLoop_Signalled_DeliversWithoutWaitingForThePoll()
    {
        var seen = new SignallingHandler();
        await using var host = await ToolsTestHost.StartAsync(settings: TestSettings.Notifications().With(new Dictionary<string, string?>
            {
                ["Notifications:RunInBackground"] = "true",
                ["Notifications:PollSeconds"] = "300",
            }), configure: s => s.AddSingleton<IBookingEventHandler>(seen));
        var signal = host.Get<IOutboxSignal>();

        // The first message may also be picked up by the pass at start; the second one can only come by the signal.
        var firstBooking = await new BookingBuilder().SaveAsync(host);
        signal.Notify();
        await seen.WaitForAsync(firstBooking.Id);
        var secondBooking = await new BookingBuilder().For("second@example.com").At(new LocalDateTime(2026, 3, 31, 9, 0)).SaveAsync(host);
        signal.Notify();

        // Within seconds, not the 300 s poll (WaitForAsync times out otherwise).
        await seen.WaitForAsync(secondBooking.Id);
    }

    private sealed class BlockingHandler(TaskCompletionSource entered, Task release) : IBookingEventHandler
    {
        public string Name => "blocking";

        public async Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
        {
            entered.TrySetResult();
            await release.WaitAsync(cancellationToken);
        }
    }

    private sealed class SignallingHandler : IBookingEventHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource> _handled = new();

        public string Name => "signalling";

        public Task HandleAsync(BookingEvent bookingEvent, CancellationToken cancellationToken)
        {
            Completion(bookingEvent.Booking.Id).TrySetResult();
            return Task.CompletedTask;
        }

        public Task WaitForAsync(Guid bookingId) => Completion(bookingId).Task.WaitAsync(TimeSpan.FromSeconds(20));

        private TaskCompletionSource Completion(Guid bookingId) =>
            _handled.GetOrAdd(bookingId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
