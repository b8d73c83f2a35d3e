using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent;

/// <summary>
/// The built-in conversation engine: understands scheduling language offline (through a replaceable
/// <see cref="IUtteranceParser"/>), keeps its memory in the conversation, and acts only through the MCP tools.
/// Every path ends with something the customer can do next.
/// </summary>
public sealed partial class BuiltInAgent(IUtteranceParser parser, AgentTools tools, BookingService calendar) : IConversationAgent
{
    public const string HelpText =
        "I can book an appointment, tell you which times are free, and show, move or cancel your bookings. "
        + "For example: \"Book me tomorrow at 3pm\" or \"What's free on Monday?\"";

    public string Greeting => "Hello! What can I do for you today?";

    private AgentTools ToolClient { get; } = tools;

    private BookingService Calendar { get; } = calendar;

    public async Task<AgentReply> RespondAsync(string customerMessage, IAgentTurn turn, CancellationToken cancellationToken)
    {
        var state = BuiltInAgentState.Load(turn.State);
        var now = Calendar.Now;
        var utterance = parser.Parse(customerMessage, now);
        var conversation = new Turn(this, state, utterance, now, customerMessage, cancellationToken);
        await conversation.HandleAsync();
        return new AgentReply(conversation.Replies, state.Save());
    }

    /// <summary>One customer message being answered.</summary>
    private sealed class Turn(BuiltInAgent agent, BuiltInAgentState state, Utterance u, ZonedDateTime now, string text, CancellationToken ct)
    {
        public List<string> Replies { get; } = [];

        private AgentTools Tools => agent.ToolClient;
        private LocalDate Today => now.Date;

        private void Say(string message) => Replies.Add(message);

        public async Task HandleAsync()
        {
            switch (state.Stage)
            {
                case AgentStage.AwaitingEmail when u.Email is not null:
                    await SendCodeAsync(u.Email);
                    return;
                case AgentStage.AwaitingEmail when LooksLikeEmailAttempt(text):
                    Say("That doesn't look like a complete email address. Please type it like name@example.com.");
                    return;
                case AgentStage.AwaitingCode when u.Code is not null:
                    await VerifyAsync(u.Code);
                    return;
                case AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent when u.Email is not null:
                    await SendCodeAsync(u.Email);
                    return;
                case AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent when AsksForNewCode(text) || (state.Stage == AgentStage.AwaitingResendConsent && u.Intent == Intent.Confirm):
                    await SendCodeAsync(state.Email!);
                    return;
                case AgentStage.AwaitingResendConsent when u.Code is not null:
                    await VerifyAsync(u.Code);
                    return;
                case AgentStage.AwaitingBookingConfirmation when u.Intent == Intent.Confirm:
                    await ConfirmProposedAsync();
                    return;
                case AgentStage.AwaitingBookingConfirmation when u.Intent == Intent.Deny && u.Start is null:
                    await OfferAlternativesAsync();
                    return;
                case AgentStage.AwaitingSlotChoice when ChosenOffer() is { } chosen:
                    state.ProposedStart = chosen;
                    state.ProposedDurationMinutes ??= state.Pending?.DurationMinutes;
                    await (state.BookingToMove is null ? ConfirmProposedAsync() : MoveAsync());
                    return;
                case AgentStage.AwaitingSlotChoice when u.Intent == Intent.Deny && u.Start is null && u.Date is null:
                    state.ResetFlow();
                    Say("No problem. Tell me another day or time that suits you, for example \"Friday afternoon\".");
                    return;
                case AgentStage.AwaitingCancelChoice when ChosenBooking() is { } bookingId:
                    await AskCancelConfirmationAsync(bookingId);
                    return;
                case AgentStage.AwaitingCancelConfirmation when u.Intent == Intent.Confirm:
                    await CancelAsync(state.BookingToCancel!);
                    return;
                case AgentStage.AwaitingCancelConfirmation or AgentStage.AwaitingMoveConfirmation when u.Intent == Intent.Deny:
                    state.ResetFlow();
                    Say("All right, I kept your booking as it is. Anything else I can do?");
                    return;
                case AgentStage.AwaitingMoveChoice when ChosenBooking() is { } bookingId:
                    state.BookingToMove = bookingId;
                    await ContinueMoveAsync(prefix: "");
                    return;
                case AgentStage.AwaitingMoveTime when u.Start is not null || u.Date is not null || u.Window is not null || u.DateRange is not null:
                    state.Pending = ToPending() with { Intent = nameof(Intent.Reschedule) };
                    await ContinueMoveAsync(prefix: "");
                    return;
                case AgentStage.AwaitingMoveConfirmation when u.Intent == Intent.Confirm:
                    await MoveAsync();
                    return;
            }

            switch (u.Intent)
            {
                case Intent.Book or Intent.Check or Intent.List or Intent.Cancel or Intent.Reschedule:
                    await HandleRequestAsync();
                    return;
                case Intent.ProvideEmail when u.Email is not null:
                    state.Pending ??= null;
                    await SendCodeAsync(u.Email);
                    return;
                case Intent.Greeting:
                    Say(state.Stage == AgentStage.Idle ? agent.Greeting : $"Hello! {Reminder()}");
                    return;
            }

            // Nothing matched: say what the agent can do, or what it is waiting for.
            if (u.Intent == Intent.Deny && state.Stage != AgentStage.Idle)
            {
                state.ResetFlow();
                Say("No problem, I've stopped there. What would you like to do instead?");
                return;
            }
            Say(state.Stage == AgentStage.Idle ? "Sorry, I didn't quite get that. " + HelpText : Reminder());
        }

        /// <summary>What the agent is waiting for, as a prompt.</summary>
        private string Reminder() => state.Stage switch
        {
            AgentStage.AwaitingEmail => "Please type your email address so I can send you a verification code.",
            AgentStage.AwaitingCode => $"Please type the 6-digit code I emailed to {state.Email}. Say \"resend\" if you need a new one.",
            AgentStage.AwaitingResendConsent => $"Shall I send a new code to {state.Email}? Please answer yes or no.",
            AgentStage.AwaitingBookingConfirmation => $"Shall I book {ProposedPhrase()}? Please answer yes or no.",
            AgentStage.AwaitingSlotChoice => "Which of those times would you like? Type its number, a time, or another day.",
            AgentStage.AwaitingCancelChoice => "Which booking should I cancel? Type its number.",
            AgentStage.AwaitingCancelConfirmation => "Shall I cancel that booking? Please answer yes or no.",
            AgentStage.AwaitingMoveChoice => "Which booking should I move? Type its number.",
            AgentStage.AwaitingMoveTime => "When would you like to move it to? For example \"Friday at 3pm\".",
            AgentStage.AwaitingMoveConfirmation => $"Shall I move your booking to {ProposedPhrase()}? Please answer yes or no.",
            _ => HelpText,
        };

        // ---- requests ----

        private async Task HandleRequestAsync()
        {
            var pending = ToPending();
            switch (u.Intent)
            {
                case Intent.Check:
                    await CheckAsync(pending);
                    return;
                case Intent.Book:
                    state.ResetFlow();
                    state.Pending = pending;
                    if (!state.IsVerified)
                    {
                        AskForEmail();
                        return;
                    }
                    await ContinueBookingAsync(prefix: "");
                    return;
                default:
                    // List, cancel, reschedule: all need the customer's identity.
                    state.ResetFlow();
                    state.Pending = pending;
                    if (!state.IsVerified)
                    {
                        AskForEmail();
                        return;
                    }
                    await ContinuePendingAsync(prefix: "");
                    return;
            }
        }

        private PendingRequest ToPending() => new()
        {
            Intent = u.Intent.ToString(),
            Start = u.Start is { } start ? TimePhrases.Iso(start) : null,
            Date = u.Date?.ToString("uuuu-MM-dd", null),
            FromDate = u.DateRange?.From.ToString("uuuu-MM-dd", null),
            ToDate = u.DateRange?.To.ToString("uuuu-MM-dd", null),
            FromTime = u.Window?.From.ToString("HH:mm", null),
            ToTime = u.Window?.To.ToString("HH:mm", null),
            DurationMinutes = u.DurationMinutes,
        };

        private void AskForEmail()
        {
            state.Stage = AgentStage.AwaitingEmail;
            Say("Please provide your email for verification.");
        }

        private async Task ContinuePendingAsync(string prefix)
        {
            var pending = state.Pending;
            switch (pending?.Intent)
            {
                case nameof(Intent.Book):
                    await ContinueBookingAsync(prefix);
                    return;
                case nameof(Intent.List):
                    await ListAsync(prefix);
                    return;
                case nameof(Intent.Cancel):
                    await StartCancelAsync(prefix);
                    return;
                case nameof(Intent.Reschedule):
                    await StartRescheduleAsync(prefix);
                    return;
                default:
                    state.ResetFlow();
                    Say(prefix + "What would you like to do? " + HelpText);
                    return;
            }
        }

        private async Task ContinueBookingAsync(string prefix)
        {
            var pending = state.Pending!;
            if (pending.Start is { } start)
            {
                var check = await Tools.CheckAvailabilityAsync(start, pending.DurationMinutes, ct);
                if (!check.Ok)
                {
                    Say(prefix + check.Error);
                    return;
                }
                var result = check.Value!;
                if (result.Available)
                {
                    Propose(result.Requested!, prefix);
                    return;
                }
                OfferSlots(result.Alternatives, prefix + $"Sorry, {DescribeRequested(start)} is not available: {Lower(result.Reason)}",
                    "There are no free slots near that time. Please try another day.");
                return;
            }
            if (pending.Date is not null || pending.FromDate is not null || pending.FromTime is not null)
            {
                await OfferFreeSlotsAsync(pending, prefix);
                return;
            }
            state.Stage = AgentStage.Idle;
            Say(prefix + "When would you like to come? For example \"tomorrow at 3pm\" or \"Monday morning\".");
        }

        private async Task CheckAsync(PendingRequest pending)
        {
            state.ResetFlow();
            state.Pending = pending with { Intent = nameof(Intent.Book) };
            if (pending.Start is { } start)
            {
                var check = await Tools.CheckAvailabilityAsync(start, pending.DurationMinutes, ct);
                if (!check.Ok)
                {
                    Say(check.Error!);
                    return;
                }
                var result = check.Value!;
                if (result.Available)
                {
                    var (s, e) = Local(result.Requested!);
                    state.ProposedStart = TimePhrases.Iso(s);
                    state.ProposedDurationMinutes = (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
                    state.Stage = AgentStage.AwaitingBookingConfirmation;
                    Say($"Yes, {TimePhrases.Slot(s, e, Today)} is free. Shall I book it for you?");
                    return;
                }
                OfferSlots(result.Alternatives, $"Sorry, {DescribeRequested(start)} is not available: {Lower(result.Reason)}",
                    "There are no free slots near that time. Please try another day.");
                return;
            }
            await OfferFreeSlotsAsync(state.Pending, prefix: "");
        }

        private async Task OfferFreeSlotsAsync(PendingRequest pending, string prefix)
        {
            var from = pending.Date ?? pending.FromDate ?? Today.ToString("uuuu-MM-dd", null);
            var to = pending.Date ?? pending.ToDate ?? (pending.FromDate is null ? Today.PlusDays(6).ToString("uuuu-MM-dd", null) : from);
            var slots = await Tools.FindFreeSlotsAsync(from, to, pending.DurationMinutes, pending.FromTime, pending.ToTime, 5, ct);
            if (!slots.Ok)
            {
                Say(prefix + slots.Error);
                return;
            }
            var found = slots.Value!.Slots;
            if (found.Count > 0)
            {
                OfferSlots(found, prefix + "Here are the free times I found:", "");
                return;
            }
            // Nothing in what they asked for: look a little further ahead rather than leave them stuck.
            var later = await Tools.FindFreeSlotsAsync(to, LocalDatePattern.Iso.Parse(to).Value.PlusDays(14).ToString("uuuu-MM-dd", null),
                pending.DurationMinutes, null, null, 3, ct);
            OfferSlots(later.Value?.Slots ?? [], prefix + "Sorry, nothing is free then. The next free times are:",
                "Sorry, nothing is free in the next two weeks. Please try a later date.");
        }

        private void Propose(SlotInfo slot, string prefix)
        {
            var (s, e) = Local(slot);
            state.ProposedStart = TimePhrases.Iso(s);
            state.ProposedDurationMinutes = (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
            state.Stage = AgentStage.AwaitingBookingConfirmation;
            Say($"{prefix}I found a free slot {TimePhrases.Slot(s, e, Today)}. Book it?");
        }

        private void OfferSlots(IReadOnlyList<SlotInfo> slots, string intro, string whenNone)
        {
            if (slots.Count == 0)
            {
                state.Stage = AgentStage.Idle;
                Say((intro.EndsWith(':') ? "" : intro + " ") + whenNone);
                return;
            }
            state.Offered = [.. slots.Select(s => TimePhrases.Iso(Local(s).Start))];
            state.Stage = AgentStage.AwaitingSlotChoice;
            var lines = slots.Select((s, i) => $"{i + 1}. {TimePhrases.Short(Local(s).Start, Local(s).End)}");
            var lead = intro.EndsWith(':') ? intro : intro + " The nearest free slots are:";
            Say($"{lead}\n{string.Join("\n", lines)}\nWhich one would you like?");
        }

        private async Task OfferAlternativesAsync()
        {
            var proposed = state.ProposedStart!;
            var start = TimePhrases.ParseIso(proposed);
            var slots = await Tools.FindFreeSlotsAsync(
                start.Date.ToString("uuuu-MM-dd", null), start.Date.PlusDays(7).ToString("uuuu-MM-dd", null),
                state.ProposedDurationMinutes, null, null, 6, ct);
            var others = (slots.Value?.Slots ?? []).Where(s => TimePhrases.Iso(Local(s).Start) != proposed).Take(5).ToList();
            state.ProposedStart = null;
            OfferSlots(others, "No problem. Here are some other free times:",
                "Tell me another day or time that suits you.");
        }

        private async Task ConfirmProposedAsync()
        {
            if (!state.IsVerified)
            {
                state.Pending = (state.Pending ?? new PendingRequest { Intent = nameof(Intent.Book) }) with
                {
                    Intent = nameof(Intent.Book),
                    Start = state.ProposedStart,
                    DurationMinutes = state.ProposedDurationMinutes,
                };
                AskForEmail();
                return;
            }
            var created = await Tools.CreateBookingAsync(state.VerifiedEmail!, state.VerificationToken!, state.ProposedStart!, state.ProposedDurationMinutes, ct);
            if (created.Ok)
            {
                var booking = created.Value!;
                var (s, e) = Local(booking.Start, booking.End);
                state.ResetFlow();
                Say($"Your appointment is confirmed {TimePhrases.Slot(s, e, Today)}.\n"
                    + $"[Manage your booking]({booking.ManageUrl}) · [Add to Google Calendar]({booking.AddToCalendarUrl})");
                return;
            }
            if (IsNotVerified(created.Error))
            {
                await ReverifyAsync();
                return;
            }
            // Taken in the meantime, or no longer possible: offer what is free instead.
            var start = state.ProposedStart!;
            var check = await Tools.CheckAvailabilityAsync(start, state.ProposedDurationMinutes, ct);
            OfferSlots(check.Value?.Alternatives ?? [], $"Sorry, I couldn't book that: {Lower(created.Error)}",
                "Please tell me another day or time.");
        }

        // ---- email verification ----

        private async Task SendCodeAsync(string email)
        {
            state.Email = EmailAddress.Normalize(email);
            var sent = await Tools.SendEmailOtpAsync(state.Email, ct);
            if (!sent.Ok)
            {
                state.Stage = AgentStage.AwaitingResendConsent;
                Say($"Sorry, I couldn't send a code to {state.Email}: {Lower(sent.Error)} Shall I try again?");
                return;
            }
            state.Stage = AgentStage.AwaitingCode;
            Say($"I've sent a 6-digit code to {state.Email}. Please type it here. It is valid for {sent.Value!.ExpiresInMinutes} minutes.");
        }

        private async Task VerifyAsync(string code)
        {
            var verified = await Tools.VerifyEmailOtpAsync(state.Email!, code, ct);
            if (!verified.Ok)
            {
                Say(verified.Error!);
                return;
            }
            var result = verified.Value!;
            if (result.Verified)
            {
                state.VerifiedEmail = state.Email;
                state.VerificationToken = result.VerificationToken;
                await ContinuePendingAsync(prefix: "Verified! ");
                return;
            }
            if (result.AttemptsLeft > 0)
            {
                Say($"That code isn't right. You have {result.AttemptsLeft} {(result.AttemptsLeft == 1 ? "try" : "tries")} left.");
                return;
            }
            state.Stage = AgentStage.AwaitingResendConsent;
            Say(result.Message.StartsWith("That code has expired", StringComparison.Ordinal)
                ? "That code has expired. Shall I send you a new one?"
                : "That code can't be used any more. Shall I send you a new one?");
        }

        private async Task ReverifyAsync()
        {
            var email = state.VerifiedEmail!;
            state.VerifiedEmail = null;
            state.VerificationToken = null;
            state.Pending = new PendingRequest
            {
                Intent = nameof(Intent.Book),
                Start = state.ProposedStart,
                DurationMinutes = state.ProposedDurationMinutes,
            };
            Say("Your verification has expired, so I need to check your email again.");
            await SendCodeAsync(email);
        }

        // ---- list, cancel ----

        private async Task<IReadOnlyList<BookingInfo>?> LoadBookingsAsync(string prefix)
        {
            var listed = await Tools.ListBookingsAsync(state.VerifiedEmail!, state.VerificationToken!, ct);
            if (listed.Ok)
            {
                return listed.Value!.Bookings;
            }
            if (IsNotVerified(listed.Error))
            {
                var pending = state.Pending;
                await ReverifyAsync();
                state.Pending = pending;
                return null;
            }
            Say(prefix + listed.Error);
            return null;
        }

        private async Task ListAsync(string prefix)
        {
            var bookings = await LoadBookingsAsync(prefix);
            if (bookings is null)
            {
                return;
            }
            state.ResetFlow();
            if (bookings.Count == 0)
            {
                Say(prefix + "You have no upcoming bookings. Would you like to book one?");
                return;
            }
            Say(prefix + "Your upcoming bookings:\n" + string.Join("\n", bookings.Select((b, i) =>
            {
                var (s, e) = Local(b.Start, b.End);
                return $"{i + 1}. {TimePhrases.Short(s, e)} — [manage]({b.ManageUrl})";
            })));
        }

        private async Task StartCancelAsync(string prefix)
        {
            var bookings = await LoadBookingsAsync(prefix);
            if (bookings is null)
            {
                return;
            }
            var wantedDate = state.Pending?.Date;
            var candidates = wantedDate is null
                ? bookings
                : bookings.Where(b => TimePhrases.FromWire(b.Start).Date.ToString("uuuu-MM-dd", null) == wantedDate).ToList();
            if (candidates.Count == 0)
            {
                state.ResetFlow();
                Say(prefix + (bookings.Count == 0
                    ? "You have no upcoming bookings to cancel."
                    : "I couldn't find a booking on that day. Say \"show my bookings\" to see them all."));
                return;
            }
            if (candidates.Count == 1)
            {
                await AskCancelConfirmationAsync(candidates[0].BookingId, prefix, candidates[0]);
                return;
            }
            state.Stage = AgentStage.AwaitingCancelChoice;
            state.OfferedBookings = [.. candidates.Select(b => b.BookingId)];
            Say(prefix + "Which booking should I cancel?\n" + string.Join("\n", candidates.Select((b, i) =>
            {
                var (s, e) = Local(b.Start, b.End);
                return $"{i + 1}. {TimePhrases.Short(s, e)}";
            })));
        }

        private async Task StartRescheduleAsync(string prefix)
        {
            var bookings = await LoadBookingsAsync(prefix);
            if (bookings is null)
            {
                return;
            }
            if (bookings.Count == 0)
            {
                state.ResetFlow();
                Say(prefix + "You have no upcoming bookings to move. Would you like to book one?");
                return;
            }
            if (bookings.Count > 1)
            {
                state.Stage = AgentStage.AwaitingMoveChoice;
                state.OfferedBookings = [.. bookings.Select(b => b.BookingId)];
                Say(prefix + "Which booking should I move?\n" + string.Join("\n", bookings.Select((b, i) =>
                {
                    var (s, e) = Local(b.Start, b.End);
                    return $"{i + 1}. {TimePhrases.Short(s, e)}";
                })));
                return;
            }
            state.BookingToMove = bookings[0].BookingId;
            await ContinueMoveAsync(prefix, bookings[0]);
        }

        /// <summary>With the booking to move known: propose the new time, offer slots, or ask when.</summary>
        private async Task ContinueMoveAsync(string prefix, BookingInfo? booking = null)
        {
            booking ??= (await LoadBookingsAsync(prefix))?.FirstOrDefault(b => b.BookingId == state.BookingToMove);
            if (booking is null)
            {
                return;
            }
            var (s, e) = Local(booking.Start, booking.End);
            var pending = state.Pending;
            state.ProposedDurationMinutes = pending?.DurationMinutes ?? (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
            if (pending?.Start is { } start)
            {
                state.ProposedStart = start;
                state.Stage = AgentStage.AwaitingMoveConfirmation;
                Say($"{prefix}Shall I move your booking {TimePhrases.Slot(s, e, Today)} to {ProposedPhrase()}?");
                return;
            }
            if (pending is { Date: not null } or { FromDate: not null } or { FromTime: not null })
            {
                // "push it to the afternoon": the same day as the booking unless another day was said.
                var within = pending.Date is null && pending.FromDate is null
                    ? pending with { Date = s.Date.ToString("uuuu-MM-dd", null) }
                    : pending;
                state.Pending = within with { DurationMinutes = state.ProposedDurationMinutes };
                await OfferFreeSlotsAsync(state.Pending, prefix);
                return;
            }
            state.Stage = AgentStage.AwaitingMoveTime;
            Say($"{prefix}When would you like to move your booking {TimePhrases.Slot(s, e, Today)} to?");
        }

        private async Task MoveAsync()
        {
            var moved = await Tools.RescheduleBookingAsync(state.VerifiedEmail!, state.VerificationToken!, state.BookingToMove!, state.ProposedStart!, state.ProposedDurationMinutes, ct);
            if (moved.Ok)
            {
                var (s, e) = Local(moved.Value!.Start, moved.Value.End);
                state.ResetFlow();
                Say($"Done: your booking is moved to {TimePhrases.Slot(s, e, Today)}.\n[Manage your booking]({moved.Value.ManageUrl})");
                return;
            }
            if (IsNotVerified(moved.Error))
            {
                await ReverifyAsync();
                return;
            }
            var check = await Tools.CheckAvailabilityAsync(state.ProposedStart!, state.ProposedDurationMinutes, ct);
            OfferSlots(check.Value?.Alternatives ?? [], $"Sorry, I couldn't move it: {Lower(moved.Error)}",
                "Please tell me another day or time.");
        }

        private async Task AskCancelConfirmationAsync(string bookingId, string prefix = "", BookingInfo? known = null)
        {
            known ??= (await LoadBookingsAsync(prefix))?.FirstOrDefault(b => b.BookingId == bookingId);
            if (known is null)
            {
                return;
            }
            var (s, e) = Local(known.Start, known.End);
            state.Stage = AgentStage.AwaitingCancelConfirmation;
            state.BookingToCancel = bookingId;
            Say($"{prefix}Shall I cancel your booking {TimePhrases.Slot(s, e, Today)}?");
        }

        private async Task CancelAsync(string bookingId)
        {
            var cancelled = await Tools.CancelBookingAsync(state.VerifiedEmail!, state.VerificationToken!, bookingId, ct);
            state.ResetFlow();
            if (!cancelled.Ok)
            {
                Say($"Sorry, I couldn't cancel it: {Lower(cancelled.Error)}");
                return;
            }
            var (s, e) = Local(cancelled.Value!.Start, cancelled.Value.End);
            Say($"Done: your booking {TimePhrases.Slot(s, e, Today)} is cancelled. Would you like to book another time?");
        }

        // ---- helpers ----

        private string? ChosenOffer()
        {
            if (state.Offered.Count == 0)
            {
                return null;
            }
            if (Ordinal(text, state.Offered.Count) is { } index)
            {
                return state.Offered[index];
            }
            if (u.Start is { } start)
            {
                var match = state.Offered.FirstOrDefault(o => o == TimePhrases.Iso(start))
                    ?? state.Offered.FirstOrDefault(o => TimePhrases.ParseIso(o).TimeOfDay == start.TimeOfDay && u.Date is null);
                return match;
            }
            return u.Intent == Intent.Confirm && state.Offered.Count == 1 ? state.Offered[0] : null;
        }

        private string? ChosenBooking() =>
            Ordinal(text, state.OfferedBookings.Count) is { } index ? state.OfferedBookings[index] : null;

        private string ProposedPhrase()
        {
            if (state.ProposedStart is null)
            {
                return "that time";
            }
            var start = TimePhrases.ParseIso(state.ProposedStart);
            // Proposals always record their length; 60 only covers memories saved by an older version.
            var end = start.Plus(Period.FromMinutes(state.ProposedDurationMinutes ?? 60));
            return TimePhrases.Slot(start, end, Today);
        }

        private string DescribeRequested(string start)
        {
            var local = TimePhrases.ParseIso(start);
            return $"{TimePhrases.Time(local.TimeOfDay)} {TimePhrases.Day(local.Date, Today)}";
        }

        private static (LocalDateTime Start, LocalDateTime End) Local(SlotInfo slot) => Local(slot.Start, slot.End);

        private static (LocalDateTime Start, LocalDateTime End) Local(string start, string end) =>
            (TimePhrases.FromWire(start), TimePhrases.FromWire(end));

        private static string Lower(string? reason) =>
            string.IsNullOrEmpty(reason) ? "" : char.ToLowerInvariant(reason[0]) + reason[1..];

        private static bool IsNotVerified(string? error) =>
            error?.Contains("not verified", StringComparison.OrdinalIgnoreCase) == true;
    }

    private static bool LooksLikeEmailAttempt(string text) =>
        text.Contains('@') || EmailishRegex().IsMatch(text.Trim());

    private static bool AsksForNewCode(string text) => NewCodeRegex().IsMatch(text);

    /// <summary>"2", "the second one", "#3", "option 1", "the last one": a zero-based index into a list of <paramref name="count"/>.</summary>
    internal static int? Ordinal(string text, int count)
    {
        var t = text.Trim().ToLowerInvariant();
        int? index = null;
        var digit = OrdinalDigitRegex().Match(t);
        if (digit.Success)
        {
            index = int.Parse(digit.Groups[1].Value) - 1;
        }
        else if (LastRegex().IsMatch(t))
        {
            index = count - 1;
        }
        else
        {
            string[] words = ["first", "second", "third", "fourth", "fifth", "sixth"];
            var word = Array.FindIndex(words, w => Regex.IsMatch(t, $@"\b{w}\b"));
            index = word >= 0 ? word : null;
        }
        return index is { } i && i >= 0 && i < count ? i : null;
    }

    [GeneratedRegex(@"\b(last|latest) (one|slot|time|option)\b|^(the )?last$")]
    private static partial Regex LastRegex();

    [GeneratedRegex(@"^\S+\.\S+$|^\S+\s*(at|\(at\))\s*\S+\.\S+$", RegexOptions.IgnoreCase)]
    private static partial Regex EmailishRegex();

    [GeneratedRegex(@"\b(resend|re-send|send (it |me )?(again|another|a new)|new code|another code|didn'?t (get|receive)|not (got|received))\b", RegexOptions.IgnoreCase)]
    private static partial Regex NewCodeRegex();

    [GeneratedRegex(@"^(?:#|no\.?\s*|number\s+|option\s+|slot\s+|the\s+)?([1-9])(?:st|nd|rd|th)?(?:\s*(one|please|pls))?[.!]?$")]
    private static partial Regex OrdinalDigitRegex();
}
