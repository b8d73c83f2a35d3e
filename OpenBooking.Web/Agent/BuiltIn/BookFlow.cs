using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Books a time (<c>create_booking</c>). Availability comes first: the customer hears whether the time is free before an
/// email is asked for, and a code is only sent for a time they said yes to (or picked), which is then booked at once.
/// </summary>
internal sealed class BookFlow(Turn t)
{
    private BuiltInAgentState State => t.State;

    /// <summary>Goes on with the pending booking request: book a confirmed time, offer the time or times asked for, or ask when.</summary>
    public async Task ContinueAsync(string prefix)
    {
        if (t.NeedsService)
        {
            // Reached without the question (e.g. an email typed instead of an answer): never book a guessed service.
            t.Service.Ask(t.Services, prefix);
            return;
        }
        var pending = State.Pending!;
        if (pending.Start is { } start)
        {
            if (pending.Confirmed && State.IsVerified)
            {
                State.ProposedStart = start;
                State.ProposedDurationMinutes = pending.DurationMinutes;
                await CreateAsync(prefix);
                return;
            }
            await t.Times.CheckStartAsync(start, pending.DurationMinutes, prefix, question: pending.Intent == RequestKind.Check);
            return;
        }
        if (pending.HasTimes)
        {
            await t.Times.OfferFreeSlotsAsync(pending, prefix);
            return;
        }
        State.Stage = AgentStage.AwaitingTime;
        t.Say(prefix + "When would you like to come? For example \"tomorrow at 3pm\" or \"Monday morning\".");
    }

    /// <summary>The customer said yes to the proposed time (or picked it): book it, verifying their email first if needed.</summary>
    public async Task ConfirmProposedAsync()
    {
        if (!State.IsVerified)
        {
            State.Pending = Confirmed();
            t.Verify.AskForEmail();
            return;
        }
        await CreateAsync(prefix: "");
    }

    private async Task CreateAsync(string prefix)
    {
        var start = State.ProposedStart!.Value;
        var created = await t.Tools.CreateBookingAsync(
            State.VerifiedEmail!, State.VerificationToken!, TimePhrases.Iso(start), State.ProposedDurationMinutes, t.ServiceArgument, t.Ct);
        if (created.Ok)
        {
            var booking = created.Value!;
            var (s, e) = Turn.Local(booking.Start, booking.End);
            State.ResetFlow();
            var what = t.ManyServices && booking.Service is { } name ? $"{name} appointment" : "appointment";
            t.Say($"{prefix}Your {what} is confirmed {t.SlotText(s, e)}. A confirmation email with a calendar invitation is on its way to {booking.Email}.\n"
                + $"[Manage your booking]({t.ManageLink(booking.ManageUrl)}) · [Add to Google Calendar]({booking.AddToCalendarUrl})");
            return;
        }
        if (created.ErrorCode == ToolErrorCodes.NotVerified)
        {
            await t.Verify.ReverifyAsync(Confirmed());
            return;
        }
        // Taken in the meantime, or no longer possible: offer what is free instead.
        var check = await t.Tools.CheckAvailabilityAsync(TimePhrases.Iso(start), State.ProposedDurationMinutes, t.ServiceArgument, t.Ct);
        t.Times.OfferSlots(check.Value?.Alternatives ?? [], $"{prefix}Sorry, I couldn't book that: {Turn.Lower(created.Error)}",
            "Please tell me another day or time.");
    }

    /// <summary>The proposed time as a request the customer already said yes to.</summary>
    private PendingRequest Confirmed() => new()
    {
        Intent = RequestKind.Book,
        Start = State.ProposedStart,
        DurationMinutes = State.ProposedDurationMinutes,
        Confirmed = true,
    };
}
