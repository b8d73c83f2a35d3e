using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Sends a message to the flow that owns it: what cannot be read is asked about, questions about the business are answered
/// (and the conversation comes back to where it was), an answer goes to the step that asked for it, and a new request
/// starts its flow. Every path ends with something the customer can do next.
/// </summary>
internal sealed class TurnRouter(Turn t)
{
    private BuiltInAgentState State => t.State;
    private Utterance U => t.U;

    public async Task HandleAsync()
    {
        await t.Service.LoadAsync();
        if (U.Unreadable.Count > 0 && U.Code is null && U.Email is null)
        {
            AskAboutUnreadable();
            return;
        }
        if (U.Questions != BusinessQuestion.None || (U.Intent == Intent.Help && State.Stage != AgentStage.Idle))
        {
            await t.Questions.AnswerAsync(U.Questions == BusinessQuestion.None ? BusinessQuestion.Capabilities : U.Questions);
            if (!CarriesRequest())
            {
                if (State.Stage != AgentStage.Idle)
                {
                    t.Say(Reminder());
                }
                return;
            }
        }
        ApplyContextDay();
        AdoptPendingRequest();
        if (await t.Service.HandleAsync() || await AnswerStepAsync())
        {
            return;
        }
        await StartAsync();
    }

    /// <summary>An answer to what the agent asked last. False when the message is not one.</summary>
    private async Task<bool> AnswerStepAsync()
    {
        if (U.Code is { } code && t.Verify.CodeWaiting && State.Stage is not (AgentStage.AwaitingEmail or AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent))
        {
            // The code typed while something else was asked (a new time was offered meanwhile): it is used, never wasted.
            await t.Verify.VerifyAsync(code);
            return true;
        }
        switch (State.Stage)
        {
            case AgentStage.AwaitingEmail or AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent:
                return await t.Verify.AnswerAsync();
            case AgentStage.AwaitingBookingConfirmation when U.Intent == Intent.Confirm:
                await t.Book.ConfirmProposedAsync();
                return true;
            case AgentStage.AwaitingBookingConfirmation when U.Intent == Intent.Deny && U.Start is null:
                await t.Times.OfferAlternativesAsync();
                return true;
            case AgentStage.AwaitingSlotChoice when t.Times.ChosenOffer() is { } chosen:
                // A pick from a numbered list is the customer's yes: it books (or moves) at once, as a yes to one offer does.
                State.ProposedStart = chosen;
                State.ProposedDurationMinutes ??= State.Pending?.DurationMinutes;
                await (State.BookingToMove is null ? t.Book.ConfirmProposedAsync() : t.Move.MoveAsync());
                return true;
            case AgentStage.AwaitingSlotChoice when U.Intent == Intent.Deny && U.Start is null && U.Date is null:
                State.ResetFlow();
                t.Say("No problem. Tell me another day or time that suits you, for example \"Friday afternoon\".");
                return true;
            case AgentStage.AwaitingCancelChoice or AgentStage.AwaitingCancelConfirmation:
                return await t.Cancel.AnswerAsync();
            case AgentStage.AwaitingMoveChoice or AgentStage.AwaitingMoveTime or AgentStage.AwaitingMoveConfirmation:
                return await t.Move.AnswerAsync();
            default:
                return false;
        }
    }

    /// <summary>A new request, a greeting, or what the agent can do.</summary>
    private async Task StartAsync()
    {
        switch (U.Intent)
        {
            case Intent.Book or Intent.Check or Intent.List or Intent.Cancel or Intent.Reschedule:
                await StartRequestAsync();
                return;
            case Intent.ProvideEmail when U.Email is not null:
                await t.Verify.SendCodeAsync(U.Email);
                return;
            case Intent.Greeting:
                t.Say(State.Stage == AgentStage.Idle ? BuiltInAgent.GreetingText : $"Hello! {Reminder()}");
                return;
            case Intent.Help:
                t.Say(BuiltInAgent.HelpText);
                return;
            case Intent.Deny when State.Stage != AgentStage.Idle:
                State.ResetFlow();
                t.Say("No problem, I've stopped there. What would you like to do instead?");
                return;
        }
        t.Say(State.Stage == AgentStage.Idle ? "Sorry, I didn't quite get that. " + BuiltInAgent.HelpText : Reminder());
    }

    private async Task StartRequestAsync()
    {
        var kind = Turn.KindOf(U.Intent)!.Value;
        var pending = t.ToPending(kind);
        if (kind is RequestKind.Book or RequestKind.Check && t.ServiceNamed && !pending.HasTimes)
        {
            pending = t.Service.WithEarlierTimes(pending);
        }
        if (kind is RequestKind.Book or RequestKind.Check && t.NeedsService)
        {
            State.ResetFlow();
            State.Pending = pending;
            t.Service.Ask(t.Services, prefix: "");
            return;
        }
        State.ResetFlow();
        State.Pending = pending;
        switch (kind)
        {
            case RequestKind.Check:
                await t.Times.CheckAsync(pending);
                return;
            case RequestKind.Book:
                // Availability first: the customer hears whether the time is free before anyone asks for an email.
                await t.Book.ContinueAsync(prefix: "");
                return;
            default:
                // List, cancel, move: all about the customer's own bookings, so they need to be verified first.
                if (!State.IsVerified)
                {
                    t.Verify.AskForEmail();
                    return;
                }
                await ContinuePendingAsync(t, prefix: "");
                return;
        }
    }

    /// <summary>With the customer verified (or the service chosen): go on with what they asked for.</summary>
    public static async Task ContinuePendingAsync(Turn t, string prefix)
    {
        switch (t.State.Pending?.Intent)
        {
            case RequestKind.Book or RequestKind.Check:
                await t.Book.ContinueAsync(prefix);
                return;
            case RequestKind.List:
                await t.List.ListAsync(prefix);
                return;
            case RequestKind.Cancel:
                await t.Cancel.StartAsync(prefix);
                return;
            case RequestKind.Reschedule:
                await t.Move.StartAsync(prefix);
                return;
            default:
                t.State.ResetFlow();
                t.Say(prefix + "What would you like to do? " + BuiltInAgent.HelpText);
                return;
        }
    }

    /// <summary>
    /// "What about 11?", "make it 16:00", "morning please": a time or a part of the day said without a day while one day is
    /// being talked about (the time offered, a list of times on one day, the day asked for) is on that day, not at the
    /// next 11:00 from now.
    /// </summary>
    private void ApplyContextDay()
    {
        if (State.Stage == AgentStage.Idle || U.DateRange is not null || ContextDay() is not { } day || day < t.Today)
        {
            return;
        }
        if (U.Start is { } start && U.DayImplied && day + start.TimeOfDay > t.Now.LocalDateTime)
        {
            t.U = U with { Start = day + start.TimeOfDay, Date = day };
        }
        else if (U.Start is null && U.Date is null && U.Window is not null)
        {
            t.U = U with { Date = day };
        }
    }

    private LocalDate? ContextDay()
    {
        if (State.ProposedStart is { } proposed)
        {
            return proposed.Date;
        }
        if (State.Offered.Count > 0 && State.Offered.TrueForAll(o => o.Date == State.Offered[0].Date))
        {
            return State.Offered[0].Date;
        }
        return State.Pending?.Start?.Date ?? State.Pending?.Date;
    }

    /// <summary>
    /// A day or time said on its own ("Monday at 10") while a request waits for one (after "when would you like to come?",
    /// or instead of the code) carries on that request with it.
    /// </summary>
    private void AdoptPendingRequest()
    {
        if (U.Intent is Intent.Unknown or Intent.Greeting && t.SaysWhen && U.Email is null && U.Code is null
            && State.Stage is AgentStage.Idle or AgentStage.AwaitingTime or AgentStage.AwaitingEmail or AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent
            && (State.Pending is not null || State.Stage == AgentStage.AwaitingTime))
        {
            t.U = U with { Intent = Turn.IntentOf(State.Pending?.Intent ?? RequestKind.Book) };
        }
    }

    /// <summary>Whether a message with a question also asks for something the agent should go on with.</summary>
    private bool CarriesRequest() =>
        U.Email is not null || U.Code is not null || U.Intent is Intent.Book or Intent.List or Intent.Cancel or Intent.Reschedule;

    public const string ForeignLanguage = "Sorry, I can only read English for now. Could you write that in English?";

    /// <summary>"February 30" is never read as another day: say what could not be read and ask, keeping the request.</summary>
    private void AskAboutUnreadable()
    {
        if (U.Unreadable.Any(m => m.Kind == UnreadableKind.Language))
        {
            // Nothing in the message is acted on (a time read among foreign words would be a guess); what was asked stays asked.
            t.Say(State.Stage == AgentStage.Idle ? $"{ForeignLanguage} {BuiltInAgent.ExampleRequests}" : $"{ForeignLanguage} {Reminder()}");
            return;
        }
        var dates = U.Unreadable.Where(m => m.Kind == UnreadableKind.Date).Select(m => $"\"{m.Text}\"").ToList();
        var times = U.Unreadable.Where(m => m.Kind == UnreadableKind.Time).Select(m => $"\"{m.Text}\"").ToList();
        var sentences = new List<string>();
        if (dates.Count > 0)
        {
            sentences.Add($"Sorry, I couldn't read {string.Join(" or ", dates)} as a date: {(dates.Count == 1 ? "that day doesn't" : "those days don't")} exist in the calendar.");
        }
        if (times.Count > 0)
        {
            sentences.Add($"{(dates.Count == 0 ? "Sorry, I" : "I")} couldn't read {string.Join(" or ", times)} as a time of day.");
        }
        var question = dates.Count > 0 ? "Which day did you mean?" : "What time did you mean?";
        if (State.Stage is AgentStage.AwaitingEmail or AgentStage.AwaitingCode or AgentStage.AwaitingResendConsent)
        {
            // Verifying: the day can follow; what was asked stays asked.
            t.Say($"{string.Join(" ", sentences)} {question} {Reminder()}");
            return;
        }
        if (State.Stage is AgentStage.AwaitingCancelChoice or AgentStage.AwaitingCancelConfirmation)
        {
            // Cancelling needs no day: the booking to cancel stays chosen and the question stays asked.
            t.Say($"{string.Join(" ", sentences)} {Reminder()}");
            return;
        }
        var kind = Turn.KindOf(U.Intent) ?? State.Pending?.Intent ?? RequestKind.Book;
        if (State.BookingToMove is not null || kind == RequestKind.Reschedule && State.Stage == AgentStage.AwaitingMoveTime)
        {
            State.Stage = AgentStage.AwaitingMoveTime;
        }
        else if (kind is RequestKind.Book or RequestKind.Check)
        {
            State.ResetFlow();
            State.Pending = new PendingRequest { Intent = kind, DurationMinutes = U.DurationMinutes };
            State.Stage = AgentStage.AwaitingTime;
        }
        t.Say($"{string.Join(" ", sentences)} {question}");
    }

    /// <summary>What the agent is waiting for, as a prompt.</summary>
    public string Reminder() => State.Stage switch
    {
        AgentStage.AwaitingService => ServiceFlow.Question(t.Service.Offered()),
        AgentStage.AwaitingEmail => "Please type your email address so I can send you a verification code.",
        AgentStage.AwaitingCode => $"Please type the 6-digit code I emailed to {State.Email}. Say \"resend\" if you need a new one.",
        AgentStage.AwaitingResendConsent => $"Shall I send a new code to {State.Email}? Please answer yes or no.",
        AgentStage.AwaitingBookingConfirmation => $"Shall I book {t.ProposedPhrase()}? Please answer yes or no.",
        AgentStage.AwaitingSlotChoice => "Which of those times would you like? Type its number, a time, or another day.",
        AgentStage.AwaitingCancelChoice => "Which booking should I cancel? Type its number.",
        AgentStage.AwaitingCancelConfirmation => "Shall I cancel that booking? Please answer yes or no.",
        AgentStage.AwaitingMoveChoice => "Which booking should I move? Type its number.",
        AgentStage.AwaitingMoveTime => "When would you like to move it to? For example \"Friday at 3pm\".",
        AgentStage.AwaitingMoveConfirmation => $"Shall I move your booking? The new time would be {t.ProposedPhrase()}. Please answer yes or no.",
        AgentStage.AwaitingTime => "When would you like to come? For example \"tomorrow at 3pm\" or \"Monday morning\".",
        _ => BuiltInAgent.HelpText,
    };
}
