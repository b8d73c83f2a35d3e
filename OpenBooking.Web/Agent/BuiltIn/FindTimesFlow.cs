using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Finds times (<c>check_availability</c>, <c>find_free_slots</c>) and offers them. One time is always offered with a
/// yes/no question ("Book it?"); several as a numbered list, where a pick is the customer's yes.
/// </summary>
internal sealed class FindTimesFlow(Turn t)
{
    private BuiltInAgentState State => t.State;

    /// <summary>"Is 10am free tomorrow?": says whether it is, and offers it (or the nearest free times) to book.</summary>
    public async Task CheckAsync(PendingRequest pending, string prefix = "")
    {
        State.ResetFlow();
        State.Pending = pending with { Intent = RequestKind.Book };
        if (pending.Start is { } start)
        {
            await CheckStartAsync(start, pending.DurationMinutes, prefix, question: true);
            return;
        }
        await OfferFreeSlotsAsync(State.Pending, prefix);
    }

    /// <summary>Offers one time if it is free, else the nearest free ones. False when the tool refused the request.</summary>
    public async Task CheckStartAsync(LocalDateTime start, int? durationMinutes, string prefix, bool question)
    {
        var check = await t.Tools.CheckAvailabilityAsync(TimePhrases.Iso(start), durationMinutes, t.ServiceArgument, t.Ct);
        if (!check.Ok)
        {
            t.Say(prefix + check.Error);
            return;
        }
        var result = check.Value!;
        if (result.Available)
        {
            var (s, e) = Turn.Local(result.Requested!);
            var forService = t.ServiceName is { } name ? $" for {Turn.WithArticle(name)}" : "";
            Propose(s, e, question
                ? $"{prefix}Yes, {t.SlotText(s, e, midSentence: true)} is free{forService}."
                : $"{prefix}I found a free {t.ServiceName}{(t.ServiceName is null ? "" : " ")}slot {t.SlotText(s, e)}.");
            return;
        }
        OfferSlots(result.Alternatives, $"{prefix}Sorry, {t.DescribeRequested(start)} is not available: {Turn.Lower(result.Reason)}",
            "There are no free slots near that time. Please try another day.");
    }

    /// <summary>Free times in the day, days or part of the day asked for; a little further ahead when none are.</summary>
    public async Task OfferFreeSlotsAsync(PendingRequest pending, string prefix)
    {
        var from = pending.Date ?? pending.FromDate ?? t.Today;
        var to = pending.Date ?? pending.ToDate ?? (pending.FromDate is null ? t.Today.PlusDays(6) : from);
        var slots = await FindAsync(from, to, pending.DurationMinutes, pending.FromTime, pending.ToTime, 5);
        if (!slots.Ok)
        {
            t.Say(prefix + slots.Error);
            return;
        }
        var found = slots.Value!.Slots;
        if (found.Count > 0)
        {
            OfferSlots(found, prefix + $"Here are the free {t.ServiceName}{(t.ServiceName is null ? "" : " ")}times I found:", "");
            return;
        }
        // Nothing in what they asked for: look a little further ahead rather than leave them stuck.
        var later = await FindAsync(to, to.PlusDays(14), pending.DurationMinutes, null, null, 3);
        OfferSlots(later.Value?.Slots ?? [], prefix + "Sorry, nothing is free then. The next free times are:",
            "Sorry, nothing is free in the next two weeks. Please try a later date.");
    }

    /// <summary>"No" to an offered time: other free times that week.</summary>
    public async Task OfferAlternativesAsync()
    {
        var proposed = State.ProposedStart!.Value;
        var slots = await FindAsync(proposed.Date, proposed.Date.PlusDays(7), State.ProposedDurationMinutes, null, null, 6);
        var others = (slots.Value?.Slots ?? []).Where(s => Turn.Local(s).Start != proposed).Take(5).ToList();
        State.ProposedStart = null;
        OfferSlots(others, "No problem. Here are some other free times:", "Tell me another day or time that suits you.");
    }

    /// <summary>
    /// Offers free slots after <paramref name="intro"/> (a sentence, or a lead ending with ':'): none says
    /// <paramref name="whenNone"/>, one is a yes/no question, more are a numbered list to pick from.
    /// </summary>
    public void OfferSlots(IReadOnlyList<SlotInfo> slots, string intro, string whenNone)
    {
        var sentence = intro.EndsWith(':') ? "" : intro + " ";
        if (slots.Count == 0)
        {
            State.Stage = AgentStage.Idle;
            t.Say(sentence + whenNone);
            return;
        }
        if (slots is [var only])
        {
            var (s, e) = Turn.Local(only);
            var lead = intro.EndsWith(':') ? Singular(intro) : intro + " The nearest free time is";
            Propose(s, e, $"{lead} {t.SlotText(s, e)}.");
            return;
        }
        State.Offered = [.. slots.Select(s => Turn.Local(s).Start)];
        State.Stage = AgentStage.AwaitingSlotChoice;
        var lines = slots.Select((s, i) => $"{i + 1}. {t.ShortText(Turn.Local(s).Start, Turn.Local(s).End)}");
        t.Say($"{(intro.EndsWith(':') ? intro : intro + " The nearest free slots are:")}\n{string.Join("\n", lines)}\nWhich one would you like?");
    }

    /// <summary>A list's lead for the one time it found: "Here are the free times I found:" is "The only free time I found is".</summary>
    private static string Singular(string intro) => intro
        .Replace("Here are the free ", "The only free ")
        .Replace("times I found:", "time I found is")
        .Replace("The next free times are:", "The next free time is")
        .Replace("Here are some other free times:", "Another free time is");

    /// <summary>One time on offer: "Book it?" (or, when moving a booking, whether to move it there).</summary>
    private void Propose(LocalDateTime start, LocalDateTime end, string sentence)
    {
        State.ProposedStart = start;
        State.ProposedDurationMinutes = Turn.Minutes(start, end);
        if (State.BookingToMove is not null)
        {
            State.Stage = AgentStage.AwaitingMoveConfirmation;
            t.Say($"{sentence} Shall I move your booking there?");
            return;
        }
        State.Stage = AgentStage.AwaitingBookingConfirmation;
        t.Say($"{sentence} Book it?");
    }

    /// <summary>The offered slot the customer picked: by number, by its time, or "yes" to the only one.</summary>
    public LocalDateTime? ChosenOffer()
    {
        var offered = State.Offered;
        if (offered.Count == 0)
        {
            return null;
        }
        if (Choices.Ordinal(t.Text, offered.Count) is { } index)
        {
            return offered[index];
        }
        if (t.U.Start is { } start)
        {
            return offered.Contains(start) ? start
                : t.U.Date is null ? offered.Cast<LocalDateTime?>().FirstOrDefault(o => o!.Value.TimeOfDay == start.TimeOfDay)
                : null;
        }
        return t.U.Intent == Intent.Confirm && offered.Count == 1 ? offered[0] : null;
    }

    private Task<ToolResult<FreeSlotsResult>> FindAsync(LocalDate from, LocalDate to, int? minutes, LocalTime? fromTime, LocalTime? toTime, int max) =>
        t.Tools.FindFreeSlotsAsync(Iso(from), Iso(to), minutes, fromTime is { } f ? TimePhrases.Time(f) : null, toTime is { } u ? TimePhrases.Time(u) : null,
            max, t.ServiceArgument, t.Ct);

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
