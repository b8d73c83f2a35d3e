using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>The verified customer's upcoming bookings (<c>list_bookings</c>): shown with their manage links, or picked from by number.</summary>
internal sealed class ListFlow(Turn t)
{
    private BuiltInAgentState State => t.State;

    public async Task ListAsync(string prefix)
    {
        var bookings = await LoadAsync(prefix);
        if (bookings is null)
        {
            return;
        }
        State.ResetFlow();
        if (bookings.Count == 0)
        {
            t.Say(prefix + "You have no upcoming bookings. Would you like to book one?");
            return;
        }
        t.Say(prefix + "Your upcoming bookings:\n" + t.NumberedList(bookings, withManageLinks: true));
    }

    /// <summary>The customer's bookings; null when they could not be read (the customer has been told why, or is verifying again).</summary>
    public async Task<IReadOnlyList<BookingInfo>?> LoadAsync(string prefix)
    {
        var listed = await t.Tools.ListBookingsAsync(State.VerifiedEmail!, State.VerificationToken!, t.Ct);
        if (listed.Ok)
        {
            return listed.Value!.Bookings;
        }
        if (listed.ErrorCode == ToolErrorCodes.NotVerified)
        {
            await t.Verify.ReverifyAsync(State.Pending ?? new PendingRequest { Intent = RequestKind.List });
            return null;
        }
        t.Say(prefix + listed.Error);
        return null;
    }

    /// <summary>The booking picked from the numbered list by its number.</summary>
    public string? Chosen() =>
        Choices.Ordinal(t.Text, State.OfferedBookings.Count) is { } index ? State.OfferedBookings[index] : null;

    /// <summary>"Your booking from 15:00 to 16:00 today is still on." after a refused change.</summary>
    public async Task<string> KeptPhraseAsync(string bookingId)
    {
        var listed = await t.Tools.ListBookingsAsync(State.VerifiedEmail!, State.VerificationToken!, t.Ct);
        if (listed.Value?.Bookings.FirstOrDefault(b => b.BookingId == bookingId) is not { } booking)
        {
            return "Your booking is unchanged.";
        }
        var (s, e) = Turn.Local(booking.Start, booking.End);
        return $"Your booking {t.SlotText(s, e, midSentence: true)} is still on.";
    }

    /// <summary>"No" to cancelling or moving: nothing changes.</summary>
    public void Keep()
    {
        State.ResetFlow();
        t.Say("All right, I kept your booking as it is. Anything else I can do?");
    }
}
