using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>Cancels one of the verified customer's bookings (<c>cancel_booking</c>), always after a yes.</summary>
internal sealed class CancelFlow(Turn t)
{
    private BuiltInAgentState State => t.State;

    /// <summary>Which booking (by number), or yes/no to cancelling it. False when the message is neither.</summary>
    public async Task<bool> AnswerAsync()
    {
        switch (State.Stage)
        {
            case AgentStage.AwaitingCancelChoice when t.List.Chosen() is { } bookingId:
                await AskConfirmationAsync(bookingId);
                return true;
            case AgentStage.AwaitingCancelConfirmation when t.U.Intent == Intent.Confirm:
                await CancelAsync(State.BookingToCancel!);
                return true;
            case AgentStage.AwaitingCancelConfirmation when t.U.Intent == Intent.Deny:
                t.List.Keep();
                return true;
            default:
                return false;
        }
    }

    /// <summary>"Cancel my appointment (tomorrow)": the one booking (on that day) to confirm, or a list to pick from.</summary>
    public async Task StartAsync(string prefix)
    {
        var bookings = await t.List.LoadAsync(prefix);
        if (bookings is null)
        {
            return;
        }
        var wantedDate = State.Pending?.Date;
        var candidates = wantedDate is null
            ? bookings
            : bookings.Where(b => TimePhrases.FromWire(b.Start).Date == wantedDate).ToList();
        if (candidates.Count == 0)
        {
            State.ResetFlow();
            t.Say(prefix + (bookings.Count == 0
                ? "You have no upcoming bookings to cancel."
                : "I couldn't find a booking on that day. Say \"show my bookings\" to see them all."));
            return;
        }
        if (candidates.Count == 1)
        {
            await AskConfirmationAsync(candidates[0].BookingId, prefix, candidates[0]);
            return;
        }
        State.Stage = AgentStage.AwaitingCancelChoice;
        State.OfferedBookings = [.. candidates.Select(b => b.BookingId)];
        t.Say(prefix + "Which booking should I cancel?\n" + t.NumberedList(candidates, withManageLinks: false));
    }

    private async Task AskConfirmationAsync(string bookingId, string prefix = "", BookingInfo? known = null)
    {
        known ??= (await t.List.LoadAsync(prefix))?.FirstOrDefault(b => b.BookingId == bookingId);
        if (known is null)
        {
            return;
        }
        var (s, e) = Turn.Local(known.Start, known.End);
        State.Stage = AgentStage.AwaitingCancelConfirmation;
        State.BookingToCancel = bookingId;
        t.Say($"{prefix}Shall I cancel your booking {t.SlotText(s, e)}?");
    }

    private async Task CancelAsync(string bookingId)
    {
        var cancelled = await t.Tools.CancelBookingAsync(State.VerifiedEmail!, State.VerificationToken!, bookingId, t.Ct);
        State.ResetFlow();
        if (!cancelled.Ok)
        {
            // Usually the change notice: the tool says why; the customer hears what still stands and what they can do.
            t.Say($"Sorry, I couldn't cancel it: {Turn.Lower(cancelled.Error)} {await t.List.KeptPhraseAsync(bookingId)} {Turn.AnythingElse}");
            return;
        }
        var (s, e) = Turn.Local(cancelled.Value!.Start, cancelled.Value.End);
        t.Say($"Done: your booking {t.SlotText(s, e, midSentence: true)} is cancelled. Would you like to book another time?");
    }
}
