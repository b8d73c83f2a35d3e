using NodaTime;
using NodaTime.Text;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Mcp;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Moves one of the verified customer's bookings (<c>reschedule_booking</c>) to a new time of the same service: one new time
/// is confirmed with a yes, a pick from a list of free times moves it at once (as a pick books at once).
/// </summary>
internal sealed class MoveFlow(Turn t)
{
    private BuiltInAgentState State => t.State;

    /// <summary>Which booking, when to, or yes/no to the new time. False when the message is none of those.</summary>
    public async Task<bool> AnswerAsync()
    {
        switch (State.Stage)
        {
            case AgentStage.AwaitingMoveChoice when t.List.Chosen() is { } bookingId:
                State.BookingToMove = bookingId;
                await ContinueAsync(prefix: "");
                return true;
            case AgentStage.AwaitingMoveTime when t.SaysWhen:
                State.Pending = t.ToPending(RequestKind.Reschedule);
                await ContinueAsync(prefix: "");
                return true;
            case AgentStage.AwaitingMoveConfirmation when t.U.Intent == Intent.Confirm:
                await MoveAsync();
                return true;
            case AgentStage.AwaitingMoveConfirmation when t.U.Intent == Intent.Deny:
                t.List.Keep();
                return true;
            default:
                return false;
        }
    }

    public async Task StartAsync(string prefix)
    {
        var bookings = await t.List.LoadAsync(prefix);
        if (bookings is null)
        {
            return;
        }
        if (bookings.Count == 0)
        {
            State.ResetFlow();
            t.Say(prefix + "You have no upcoming bookings to move. Would you like to book one?");
            return;
        }
        if (bookings.Count > 1)
        {
            State.Stage = AgentStage.AwaitingMoveChoice;
            State.OfferedBookings = [.. bookings.Select(b => b.BookingId)];
            t.Say(prefix + "Which booking should I move?\n" + t.NumberedList(bookings, withManageLinks: false));
            return;
        }
        State.BookingToMove = bookings[0].BookingId;
        await ContinueAsync(prefix, bookings[0]);
    }

    /// <summary>With the booking to move known: propose the new time, offer slots, or ask when.</summary>
    private async Task ContinueAsync(string prefix, BookingInfo? booking = null)
    {
        booking ??= (await t.List.LoadAsync(prefix))?.FirstOrDefault(b => b.BookingId == State.BookingToMove);
        if (booking is null)
        {
            return;
        }
        var (s, e) = Turn.Local(booking.Start, booking.End);
        if (ChangeNotice(booking) is { } notice)
        {
            // Known from list_services: say so now rather than after the customer has picked a new time.
            State.ResetFlow();
            t.Say($"{prefix}Sorry, your booking {t.SlotText(s, e, midSentence: true)} can no longer be moved online: bookings can only be moved up to "
                + $"{ServiceNames.Length(notice)} before they start. Please contact us directly. {Turn.AnythingElse}");
            return;
        }
        State.MoveService = booking.Service;
        var pending = State.Pending;
        State.ProposedDurationMinutes = pending?.DurationMinutes ?? Turn.Minutes(s, e);
        if (pending?.Start is { } start)
        {
            State.ProposedStart = start;
            State.Stage = AgentStage.AwaitingMoveConfirmation;
            t.Say($"{prefix}Shall I move your booking {t.SlotText(s, e, midSentence: true)}? The new time would be {t.ProposedPhrase()}.");
            return;
        }
        if (pending is { HasTimes: true })
        {
            // "push it to the afternoon": the same day as the booking unless another day was said.
            var within = pending.Date is null && pending.FromDate is null ? pending with { Date = s.Date } : pending;
            State.Pending = within with { DurationMinutes = State.ProposedDurationMinutes };
            await t.Times.OfferFreeSlotsAsync(State.Pending, prefix);
            return;
        }
        State.Stage = AgentStage.AwaitingMoveTime;
        t.Say($"{prefix}When would you like to move your booking {t.SlotText(s, e, midSentence: true)} to?");
    }

    public async Task MoveAsync()
    {
        var bookingId = State.BookingToMove!;
        var newStart = TimePhrases.Iso(State.ProposedStart!.Value);
        var moved = await t.Tools.RescheduleBookingAsync(State.VerifiedEmail!, State.VerificationToken!, bookingId, newStart, State.ProposedDurationMinutes, t.Ct);
        if (moved.Ok)
        {
            var (s, e) = Turn.Local(moved.Value!.Start, moved.Value.End);
            State.ResetFlow();
            t.Say($"Done: your booking is now {t.SlotText(s, e)}.\n[Manage your booking]({t.ManageLink(moved.Value.ManageUrl)})");
            return;
        }
        if (moved.ErrorCode == ToolErrorCodes.NotVerified)
        {
            await t.Verify.ReverifyAsync(new PendingRequest { Intent = RequestKind.Reschedule, Start = State.ProposedStart, DurationMinutes = State.ProposedDurationMinutes });
            return;
        }
        if (moved.ErrorCode is ToolErrorCodes.TooLateToChange or ToolErrorCodes.BookingCancelled)
        {
            // Not about the new time (other times would be refused too): say why and what still stands.
            var kept = await t.List.KeptPhraseAsync(bookingId);
            State.ResetFlow();
            t.Say($"Sorry, I couldn't move it: {Turn.Lower(moved.Error)} {kept} {Turn.AnythingElse}");
            return;
        }
        var check = await t.Tools.CheckAvailabilityAsync(newStart, State.ProposedDurationMinutes, t.ServiceArgument, t.Ct);
        t.Times.OfferSlots(check.Value?.Alternatives ?? [], $"Sorry, I couldn't move it: {Turn.Lower(moved.Error)}", "Please tell me another day or time.");
    }

    /// <summary>The booking's change notice when it has already begun (too late to move it), from list_services.</summary>
    private int? ChangeNotice(BookingInfo booking)
    {
        var service = t.Services.FirstOrDefault(s => s.Name == booking.Service);
        if (service is null || service.ChangeNoticeMinutes <= 0)
        {
            return null;
        }
        var start = OffsetDateTimePattern.ExtendedIso.Parse(booking.Start);
        return start.Success && start.Value.ToInstant() - t.Now.ToInstant() < Duration.FromMinutes(service.ChangeNoticeMinutes)
            ? service.ChangeNoticeMinutes
            : null;
    }
}
