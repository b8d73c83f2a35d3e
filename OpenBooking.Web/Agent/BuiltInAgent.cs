using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent.Understanding;

using OpenBooking.Tools.Mcp;

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
        var conversation = new Turn(this, state, utterance, now, customerMessage, CustomerZone(turn.CustomerTimeZone, now.Zone), turn.ClientAddress, cancellationToken);
        await conversation.HandleAsync();
        return new AgentReply(conversation.Replies, state.Save());
    }

    /// <summary>The customer's own zone when it is a real IANA zone other than the business's; else null.</summary>
    internal static DateTimeZone? CustomerZone(string? id, DateTimeZone business) =>
        string.IsNullOrWhiteSpace(id) || id == business.Id ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>One customer message being answered.</summary>
    /// <param name="customerZone">The customer's zone when it differs from the business's: times shown get their clock too.</param>
    /// <param name="clientAddress">The customer's browser address, for the one-time code limits.</param>
    private sealed class Turn(
        BuiltInAgent agent, BuiltInAgentState state, Utterance utterance, ZonedDateTime now, string text, DateTimeZone? customerZone,
        string? clientAddress, CancellationToken ct)
    {
        private Utterance u = utterance;
        private IReadOnlyList<ServiceInfo> services = [];

        /// <summary>True when this message named the service (so earlier times still apply: "actually a beard trim").</summary>
        private bool serviceNamed;

        public List<string> Replies { get; } = [];

        private AgentTools Tools => agent.ToolClient;
        private LocalDate Today => now.Date;

        /// <summary>Only a business with several services makes the customer choose, and names the service in replies.</summary>
        private bool ManyServices => services.Count > 1;

        private bool NeedsService => ManyServices && state.ServiceId is null;

        /// <summary>The service the tools should use: the moved booking's own, else the chosen one (null: the only one).</summary>
        private string? ServiceArgument => state.BookingToMove is not null ? state.MoveService : state.ServiceId;

        /// <summary>The chosen service's name for replies, when the customer had to choose one.</summary>
        private string? ServiceName => ManyServices && state.BookingToMove is null ? state.ServiceName : null;

        private void Say(string message) => Replies.Add(message);

        public async Task HandleAsync()
        {
            services = await LoadServicesAsync();
            if (await HandleServiceAsync())
            {
                return;
            }
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
            AgentStage.AwaitingService => ServiceQuestion(OfferedServices()),
            AgentStage.AwaitingEmail => "Please type your email address so I can send you a verification code.",
            AgentStage.AwaitingCode => $"Please type the 6-digit code I emailed to {state.Email}. Say \"resend\" if you need a new one.",
            AgentStage.AwaitingResendConsent => $"Shall I send a new code to {state.Email}? Please answer yes or no.",
            AgentStage.AwaitingBookingConfirmation => $"Shall I book {ProposedPhrase()}? Please answer yes or no.",
            AgentStage.AwaitingSlotChoice => "Which of those times would you like? Type its number, a time, or another day.",
            AgentStage.AwaitingCancelChoice => "Which booking should I cancel? Type its number.",
            AgentStage.AwaitingCancelConfirmation => "Shall I cancel that booking? Please answer yes or no.",
            AgentStage.AwaitingMoveChoice => "Which booking should I move? Type its number.",
            AgentStage.AwaitingMoveTime => "When would you like to move it to? For example \"Friday at 3pm\".",
            AgentStage.AwaitingMoveConfirmation => $"Shall I move your booking? The new time would be {ProposedPhrase()}. Please answer yes or no.",
            _ => HelpText,
        };

        // ---- requests ----

        private async Task HandleRequestAsync()
        {
            var pending = ToPending();
            if (u.Intent is Intent.Book or Intent.Check && serviceNamed && !HasTimes(pending))
            {
                pending = WithEarlierTimes(pending);
            }
            if (u.Intent is Intent.Book or Intent.Check && NeedsService)
            {
                state.ResetFlow();
                state.Pending = pending;
                AskService(services, prefix: "");
                return;
            }
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

        private void AskForEmail(string prefix = "")
        {
            state.Stage = AgentStage.AwaitingEmail;
            Say(prefix + "Please provide your email for verification.");
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
            if (NeedsService)
            {
                // Reached without the question (e.g. an email typed instead of an answer): never book a guessed service.
                AskService(services, prefix);
                return;
            }
            var pending = state.Pending!;
            if (pending.Start is { } start)
            {
                var check = await Tools.CheckAvailabilityAsync(start, pending.DurationMinutes, ServiceArgument, ct);
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

        private async Task CheckAsync(PendingRequest pending, string prefix = "")
        {
            state.ResetFlow();
            state.Pending = pending with { Intent = nameof(Intent.Book) };
            if (pending.Start is { } start)
            {
                var check = await Tools.CheckAvailabilityAsync(start, pending.DurationMinutes, ServiceArgument, ct);
                if (!check.Ok)
                {
                    Say(prefix + check.Error);
                    return;
                }
                var result = check.Value!;
                if (result.Available)
                {
                    var (s, e) = Local(result.Requested!);
                    state.ProposedStart = TimePhrases.Iso(s);
                    state.ProposedDurationMinutes = (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
                    state.Stage = AgentStage.AwaitingBookingConfirmation;
                    var forService = ServiceName is { } name ? $" for {WithArticle(name)}" : "";
                    Say($"{prefix}Yes, {SlotText(s, e, midSentence: true)} is free{forService}. Shall I book it for you?");
                    return;
                }
                OfferSlots(result.Alternatives, $"{prefix}Sorry, {DescribeRequested(start)} is not available: {Lower(result.Reason)}",
                    "There are no free slots near that time. Please try another day.");
                return;
            }
            await OfferFreeSlotsAsync(state.Pending, prefix);
        }

        private async Task OfferFreeSlotsAsync(PendingRequest pending, string prefix)
        {
            var from = pending.Date ?? pending.FromDate ?? Today.ToString("uuuu-MM-dd", null);
            var to = pending.Date ?? pending.ToDate ?? (pending.FromDate is null ? Today.PlusDays(6).ToString("uuuu-MM-dd", null) : from);
            var slots = await Tools.FindFreeSlotsAsync(from, to, pending.DurationMinutes, pending.FromTime, pending.ToTime, 5, ServiceArgument, ct);
            if (!slots.Ok)
            {
                Say(prefix + slots.Error);
                return;
            }
            var found = slots.Value!.Slots;
            if (found.Count > 0)
            {
                OfferSlots(found, prefix + $"Here are the free {ServiceName}{(ServiceName is null ? "" : " ")}times I found:", "");
                return;
            }
            // Nothing in what they asked for: look a little further ahead rather than leave them stuck.
            var later = await Tools.FindFreeSlotsAsync(to, LocalDatePattern.Iso.Parse(to).Value.PlusDays(14).ToString("uuuu-MM-dd", null),
                pending.DurationMinutes, null, null, 3, ServiceArgument, ct);
            OfferSlots(later.Value?.Slots ?? [], prefix + "Sorry, nothing is free then. The next free times are:",
                "Sorry, nothing is free in the next two weeks. Please try a later date.");
        }

        private void Propose(SlotInfo slot, string prefix)
        {
            var (s, e) = Local(slot);
            state.ProposedStart = TimePhrases.Iso(s);
            state.ProposedDurationMinutes = (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
            state.Stage = AgentStage.AwaitingBookingConfirmation;
            Say($"{prefix}I found a free {ServiceName}{(ServiceName is null ? "" : " ")}slot {SlotText(s, e)}. Book it?");
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
            var lines = slots.Select((s, i) => $"{i + 1}. {ShortText(Local(s).Start, Local(s).End)}");
            var lead = intro.EndsWith(':') ? intro : intro + " The nearest free slots are:";
            Say($"{lead}\n{string.Join("\n", lines)}\nWhich one would you like?");
        }

        private async Task OfferAlternativesAsync()
        {
            var proposed = state.ProposedStart!;
            var start = TimePhrases.ParseIso(proposed);
            var slots = await Tools.FindFreeSlotsAsync(
                start.Date.ToString("uuuu-MM-dd", null), start.Date.PlusDays(7).ToString("uuuu-MM-dd", null),
                state.ProposedDurationMinutes, null, null, 6, ServiceArgument, ct);
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
            var created = await Tools.CreateBookingAsync(state.VerifiedEmail!, state.VerificationToken!, state.ProposedStart!, state.ProposedDurationMinutes, ServiceArgument, ct);
            if (created.Ok)
            {
                var booking = created.Value!;
                var (s, e) = Local(booking.Start, booking.End);
                state.ResetFlow();
                var what = ManyServices && booking.Service is { } name ? $"{name} appointment" : "appointment";
                Say($"Your {what} is confirmed {SlotText(s, e)}. A confirmation email with a calendar invitation is on its way to {booking.Email}.\n"
                    + $"[Manage your booking]({ManageLink(booking.ManageUrl)}) · [Add to Google Calendar]({booking.AddToCalendarUrl})");
                return;
            }
            if (created.ErrorCode == ToolErrorCodes.NotVerified)
            {
                await ReverifyAsync();
                return;
            }
            // Taken in the meantime, or no longer possible: offer what is free instead.
            var start = state.ProposedStart!;
            var check = await Tools.CheckAvailabilityAsync(start, state.ProposedDurationMinutes, ServiceArgument, ct);
            OfferSlots(check.Value?.Alternatives ?? [], $"Sorry, I couldn't book that: {Lower(created.Error)}",
                "Please tell me another day or time.");
        }

        // ---- services ----

        private async Task<IReadOnlyList<ServiceInfo>> LoadServicesAsync()
        {
            // Without the list the agent books the default service, exactly as with a single one.
            var listed = await Tools.ListServicesAsync(ct);
            return listed.Value?.Services ?? [];
        }

        /// <summary>
        /// Reads an answer to "which service?" or a service named in passing ("book a haircut tomorrow").
        /// True when that answered the message; false lets the usual handling go on (maybe with the service chosen).
        /// </summary>
        private async Task<bool> HandleServiceAsync()
        {
            if (!ManyServices || u.Email is not null || u.Code is not null)
            {
                return false;
            }
            if (state.Stage == AgentStage.AwaitingService)
            {
                return await AnswerServiceQuestionAsync();
            }
            if (state.BookingToMove is not null || u.Intent is Intent.Cancel or Intent.List or Intent.Reschedule)
            {
                // "cancel my haircut" is about a booking, which keeps its own service.
                return false;
            }
            var named = ServiceNames.Find(text, services, answering: false);
            if (named.Count > 1)
            {
                // "a massage" with "Massage 30" and "Massage 60": ask between those only.
                var pending = WithEarlierTimes(ToPending() with { Intent = u.Intent == Intent.Check ? nameof(Intent.Check) : nameof(Intent.Book) });
                state.ResetFlow();
                state.Pending = pending;
                AskService(named, prefix: "");
                return true;
            }
            if (named is not [var service])
            {
                return false;
            }
            var changed = service.ServiceId != state.ServiceId;
            Choose(service);
            serviceNamed = true;
            if (u.Intent is Intent.Unknown or Intent.Greeting
                || (changed && state.Stage is AgentStage.AwaitingSlotChoice or AgentStage.AwaitingBookingConfirmation && u.Intent != Intent.Check))
            {
                // "Haircuts", "beard trim please", or another service while times are on offer: a booking request.
                u = u with { Intent = Intent.Book };
            }
            return false;
        }

        private async Task<bool> AnswerServiceQuestionAsync()
        {
            var offered = OfferedServices();
            var number = Ordinal(text, offered.Count);
            IReadOnlyList<ServiceInfo> picked = number is { } index ? [offered[index]] : ServiceNames.Find(text, offered, answering: true);
            if (picked.Count == 0 && offered.Count < services.Count)
            {
                picked = ServiceNames.Find(text, services, answering: true);
            }
            // A number picks from the list; only a worded answer can also carry a time ("haircut tomorrow at 3").
            var said = number is null ? ToPending() : null;
            if (said is not null && HasTimes(said))
            {
                state.Pending = said with { Intent = state.Pending?.Intent ?? nameof(Intent.Book) };
            }
            if (picked.Count > 1)
            {
                AskService(picked, prefix: "");
                return true;
            }
            if (picked is [var service])
            {
                Choose(service);
                await ResumeAfterServiceAsync($"{service.Name} it is. ");
                return true;
            }
            if (said is not null && HasTimes(said) && u.Intent is Intent.Book or Intent.Check)
            {
                Say("Noted. " + ServiceQuestion(offered));
                return true;
            }
            // Anything else (cancel, list, no thanks...) is handled as usual.
            return false;
        }

        /// <summary>With the service chosen: go on with what the customer asked for.</summary>
        private async Task ResumeAfterServiceAsync(string prefix)
        {
            var pending = state.Pending ?? new PendingRequest { Intent = nameof(Intent.Book) };
            state.Stage = AgentStage.Idle;
            if (pending.Intent == nameof(Intent.Check))
            {
                await CheckAsync(pending, prefix);
                return;
            }
            state.Pending = pending with { Intent = nameof(Intent.Book) };
            if (!state.IsVerified)
            {
                AskForEmail(prefix);
                return;
            }
            await ContinueBookingAsync(prefix);
        }

        private void AskService(IReadOnlyList<ServiceInfo> choices, string prefix)
        {
            state.Stage = AgentStage.AwaitingService;
            state.OfferedServices = [.. choices.Select(s => s.ServiceId)];
            Say(prefix + ServiceQuestion(choices));
        }

        private static string ServiceQuestion(IReadOnlyList<ServiceInfo> choices) =>
            "Which service would you like?\n"
            + string.Join("\n", choices.Select((s, i) => $"{i + 1}. {ServiceNames.Label(s)}"))
            + "\nType its number or name.";

        /// <summary>The services in the numbered question, in its order (all of them if the list is gone).</summary>
        private IReadOnlyList<ServiceInfo> OfferedServices()
        {
            var offered = state.OfferedServices
                .Select(id => services.FirstOrDefault(s => s.ServiceId == id))
                .OfType<ServiceInfo>()
                .ToList();
            return offered.Count > 0 ? offered : services;
        }

        private void Choose(ServiceInfo service)
        {
            state.ServiceId = service.ServiceId;
            state.ServiceName = service.Name;
            state.OfferedServices = [];
        }

        private static bool HasTimes(PendingRequest pending) =>
            pending.Start is not null || pending.Date is not null || pending.FromDate is not null || pending.FromTime is not null;

        /// <summary>"Actually a beard trim": a new service without new times keeps the times asked or offered before.</summary>
        private PendingRequest WithEarlierTimes(PendingRequest pending)
        {
            if (HasTimes(pending))
            {
                return pending;
            }
            if (state.Pending is { } earlier && HasTimes(earlier))
            {
                return pending with
                {
                    Start = earlier.Start,
                    Date = earlier.Date,
                    FromDate = earlier.FromDate,
                    ToDate = earlier.ToDate,
                    FromTime = earlier.FromTime,
                    ToTime = earlier.ToTime,
                };
            }
            return state.ProposedStart is { } proposed
                ? pending with { Start = proposed, Date = TimePhrases.ParseIso(proposed).Date.ToString("uuuu-MM-dd", null) }
                : pending;
        }

        // ---- email verification ----

        private async Task SendCodeAsync(string email)
        {
            var normalized = EmailAddress.Normalize(email);
            // A code already on its way to this address can still be typed while a new one is refused.
            var codeWaiting = state.Stage is AgentStage.AwaitingCode && state.Email == normalized;
            state.Email = normalized;
            var sent = await Tools.SendEmailOtpAsync(state.Email, clientAddress, ct);
            if (!sent.Ok)
            {
                // The provider did not take the email: nothing was sent, so offer to try again (or another address).
                state.Stage = AgentStage.AwaitingResendConsent;
                Say($"Sorry, I couldn't send a code to {state.Email}: {Lower(sent.Error)} Shall I try again, or would you like to use another email address?");
                return;
            }
            var result = sent.Value!;
            if (!result.Sent)
            {
                // A limit: the tool says when a new code can be asked for ("You can ask for a new code in 4 minutes.").
                state.Stage = codeWaiting ? AgentStage.AwaitingCode : AgentStage.AwaitingResendConsent;
                Say($"Sorry, I can't send a new code to {state.Email} right now. {result.Message}"
                    + (codeWaiting ? " If the code I sent before has arrived, please type it here." : ""));
                return;
            }
            state.Stage = AgentStage.AwaitingCode;
            Say($"I've sent a 6-digit code to {state.Email}. Please type it here. It is valid for {result.ExpiresInMinutes} minutes.");
        }

        private async Task VerifyAsync(string code)
        {
            var verified = await Tools.VerifyEmailOtpAsync(state.Email!, code, clientAddress, ct);
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
            Say(result.Status == OtpVerifyStatus.Expired
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
            if (listed.ErrorCode == ToolErrorCodes.NotVerified)
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
            Say(prefix + "Your upcoming bookings:\n" + NumberedList(bookings, withManageLinks: true));
        }

        /// <summary>"1. Fri 27 Mar, 15:00–16:00", one line per booking, for lists the customer picks from by number.</summary>
        private string NumberedList(IEnumerable<BookingInfo> bookings, bool withManageLinks) =>
            string.Join("\n", bookings.Select((b, i) =>
            {
                var (s, e) = Local(b.Start, b.End);
                var line = $"{i + 1}. {ShortText(s, e)}{ServiceOf(b)}";
                return withManageLinks ? $"{line} — [manage]({ManageLink(b.ManageUrl)})" : line;
            }));

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
            Say(prefix + "Which booking should I cancel?\n" + NumberedList(candidates, withManageLinks: false));
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
                Say(prefix + "Which booking should I move?\n" + NumberedList(bookings, withManageLinks: false));
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
            if (ChangeNotice(booking) is { } notice)
            {
                // Known from list_services: say so now rather than after the customer has picked a new time.
                state.ResetFlow();
                Say($"{prefix}Sorry, your booking {SlotText(s, e, midSentence: true)} can no longer be moved online: bookings can only be moved up to "
                    + $"{ServiceNames.Length(notice)} before they start. Please contact us directly. {AnythingElse}");
                return;
            }
            state.MoveService = booking.Service;
            var pending = state.Pending;
            state.ProposedDurationMinutes = pending?.DurationMinutes ?? (int)Period.Between(s, e, PeriodUnits.Minutes).Minutes;
            if (pending?.Start is { } start)
            {
                state.ProposedStart = start;
                state.Stage = AgentStage.AwaitingMoveConfirmation;
                Say($"{prefix}Shall I move your booking {SlotText(s, e, midSentence: true)}? The new time would be {ProposedPhrase()}.");
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
            Say($"{prefix}When would you like to move your booking {SlotText(s, e, midSentence: true)} to?");
        }

        private async Task MoveAsync()
        {
            var moved = await Tools.RescheduleBookingAsync(state.VerifiedEmail!, state.VerificationToken!, state.BookingToMove!, state.ProposedStart!, state.ProposedDurationMinutes, ct);
            if (moved.Ok)
            {
                var (s, e) = Local(moved.Value!.Start, moved.Value.End);
                state.ResetFlow();
                Say($"Done: your booking is now {SlotText(s, e)}.\n[Manage your booking]({ManageLink(moved.Value.ManageUrl)})");
                return;
            }
            if (moved.ErrorCode == ToolErrorCodes.NotVerified)
            {
                await ReverifyAsync();
                return;
            }
            if (moved.ErrorCode is ToolErrorCodes.TooLateToChange or ToolErrorCodes.BookingCancelled)
            {
                // Not about the new time (other times would be refused too): say why and what still stands.
                var kept = await KeptPhraseAsync(state.BookingToMove!);
                state.ResetFlow();
                Say($"Sorry, I couldn't move it: {Lower(moved.Error)} {kept} {AnythingElse}");
                return;
            }
            var check = await Tools.CheckAvailabilityAsync(state.ProposedStart!, state.ProposedDurationMinutes, ServiceArgument, ct);
            OfferSlots(check.Value?.Alternatives ?? [], $"Sorry, I couldn't move it: {Lower(moved.Error)}",
                "Please tell me another day or time.");
        }

        private const string AnythingElse = "Is there anything else I can do, for example show your bookings or book another appointment?";

        /// <summary>"Your booking from 15:00 to 16:00 today is still on." after a refused change.</summary>
        private async Task<string> KeptPhraseAsync(string bookingId)
        {
            var listed = await Tools.ListBookingsAsync(state.VerifiedEmail!, state.VerificationToken!, ct);
            if (listed.Value?.Bookings.FirstOrDefault(b => b.BookingId == bookingId) is not { } booking)
            {
                return "Your booking is unchanged.";
            }
            var (s, e) = Local(booking.Start, booking.End);
            return $"Your booking {SlotText(s, e, midSentence: true)} is still on.";
        }

        /// <summary>The booking's change notice when it has already begun (too late to move it), from list_services.</summary>
        private int? ChangeNotice(BookingInfo booking)
        {
            var service = services.FirstOrDefault(s => s.Name == booking.Service);
            if (service is null || service.ChangeNoticeMinutes <= 0)
            {
                return null;
            }
            var start = OffsetDateTimePattern.ExtendedIso.Parse(booking.Start);
            return start.Success && start.Value.ToInstant() - now.ToInstant() < Duration.FromMinutes(service.ChangeNoticeMinutes)
                ? service.ChangeNoticeMinutes
                : null;
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
            Say($"{prefix}Shall I cancel your booking {SlotText(s, e)}?");
        }

        private async Task CancelAsync(string bookingId)
        {
            var cancelled = await Tools.CancelBookingAsync(state.VerifiedEmail!, state.VerificationToken!, bookingId, ct);
            state.ResetFlow();
            if (!cancelled.Ok)
            {
                // Usually the change notice: the tool says why; the customer hears what still stands and what they can do.
                Say($"Sorry, I couldn't cancel it: {Lower(cancelled.Error)} {await KeptPhraseAsync(bookingId)} {AnythingElse}");
                return;
            }
            var (s, e) = Local(cancelled.Value!.Start, cancelled.Value.End);
            Say($"Done: your booking {SlotText(s, e, midSentence: true)} is cancelled. Would you like to book another time?");
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
            return SlotText(start, end);
        }

        private string DescribeRequested(string start)
        {
            var local = TimePhrases.ParseIso(start);
            var theirs = customerZone is null ? local : local.InZoneLeniently(now.Zone).WithZone(customerZone).LocalDateTime;
            var yourTime = theirs == local ? ""
                : theirs.Date == local.Date ? $" ({TimePhrases.Time(theirs.TimeOfDay)} your time)"
                : $" ({theirs.Date.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture)}, {TimePhrases.Time(theirs.TimeOfDay)} your time)";
            return $"{TimePhrases.Time(local.TimeOfDay)} {TimePhrases.Day(local.Date, Today)}{yourTime}";
        }

        /// <summary>
        /// A slot in business time, with the customer's clock after it when their zone differs. In the middle of a
        /// sentence the aside is closed with a second dash ("from 15:00 ... — 10:00–11:00 your time (...) — is free").
        /// </summary>
        private string SlotText(LocalDateTime start, LocalDateTime end, bool midSentence = false)
        {
            var yours = TimePhrases.YourTime(start, end, now.Zone, customerZone, brief: false);
            return TimePhrases.Slot(start, end, Today) + yours + (midSentence && yours.Length > 0 ? " —" : "");
        }

        private string ShortText(LocalDateTime start, LocalDateTime end) =>
            TimePhrases.Short(start, end) + TimePhrases.YourTime(start, end, now.Zone, customerZone, brief: true);

        /// <summary>The manage link carries the customer's zone, so the page can show their clock too.</summary>
        private string ManageLink(string url) =>
            customerZone is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}tz={Uri.EscapeDataString(customerZone.Id)}";

        private string ServiceOf(BookingInfo booking) => ManyServices && booking.Service is { } name ? $" · {name}" : "";

        private static string WithArticle(string name) =>
            ("aeiouAEIOU".Contains(name[0]) ? "an " : "a ") + name;

        private static (LocalDateTime Start, LocalDateTime End) Local(SlotInfo slot) => Local(slot.Start, slot.End);

        private static (LocalDateTime Start, LocalDateTime End) Local(string start, string end) =>
            (TimePhrases.FromWire(start), TimePhrases.FromWire(end));

        private static string Lower(string? reason) =>
            string.IsNullOrEmpty(reason) ? "" : char.ToLowerInvariant(reason[0]) + reason[1..];
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
