using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Which service a booking is for, when the business offers more than one (<c>list_services</c>): asked as a numbered
/// question, or read from a service named in passing ("book a haircut tomorrow"). It stays chosen until another is named.
/// </summary>
internal sealed class ServiceFlow(Turn t)
{
    private BuiltInAgentState State => t.State;
    private Utterance U => t.U;

    public async Task LoadAsync()
    {
        // Without the list the agent books the default service, exactly as with a single one.
        var listed = await t.Tools.ListServicesAsync(t.Ct);
        t.Services = listed.Value?.Services ?? [];
        t.Currency = listed.Value?.Currency;
    }

    /// <summary>
    /// Reads an answer to "which service?" or a service named in passing. True when that answered the message; false
    /// lets the usual handling go on (maybe with the service chosen).
    /// </summary>
    public async Task<bool> HandleAsync()
    {
        if (!t.ManyServices || U.Email is not null || U.Code is not null)
        {
            return false;
        }
        if (State.Stage == AgentStage.AwaitingService)
        {
            return await AnswerAsync();
        }
        if (State.BookingToMove is not null || U.Intent is Intent.Cancel or Intent.List or Intent.Reschedule)
        {
            // "cancel my haircut" is about a booking, which keeps its own service.
            return false;
        }
        var named = ServiceNames.Find(t.Text, t.Services, answering: false);
        if (named.Count > 1)
        {
            // "a massage" with "Massage 30" and "Massage 60": ask between those only.
            var pending = WithEarlierTimes(t.ToPending(U.Intent == Intent.Check ? RequestKind.Check : RequestKind.Book));
            State.ResetFlow();
            State.Pending = pending;
            Ask(named, prefix: "");
            return true;
        }
        if (named is not [var service])
        {
            return false;
        }
        var changed = service.ServiceId != State.ServiceId;
        Choose(service);
        t.ServiceNamed = true;
        if (U.Intent is Intent.Unknown or Intent.Greeting
            || (changed && State.Stage is AgentStage.AwaitingSlotChoice or AgentStage.AwaitingBookingConfirmation && U.Intent != Intent.Check))
        {
            // "Haircuts", "beard trim please", or another service while times are on offer: a booking request.
            t.U = U with { Intent = Intent.Book };
        }
        return false;
    }

    private async Task<bool> AnswerAsync()
    {
        var offered = Offered();
        var number = Choices.Ordinal(t.Text, offered.Count);
        IReadOnlyList<ServiceInfo> picked = number is { } index ? [offered[index]] : ServiceNames.Find(t.Text, offered, answering: true);
        if (picked.Count == 0 && offered.Count < t.Services.Count)
        {
            picked = ServiceNames.Find(t.Text, t.Services, answering: true);
        }
        // A number picks from the list; only a worded answer can also carry a time ("haircut tomorrow at 3").
        var said = number is null ? t.ToPending(State.Pending?.Intent ?? RequestKind.Book) : null;
        if (said is { HasTimes: true })
        {
            State.Pending = said;
        }
        if (picked.Count > 1)
        {
            Ask(picked, prefix: "");
            return true;
        }
        if (picked is [var service])
        {
            Choose(service);
            await ResumeAsync($"{service.Name} it is. ");
            return true;
        }
        if (said is { HasTimes: true } && U.Intent is Intent.Book or Intent.Check)
        {
            t.Say("Noted. " + Question(offered));
            return true;
        }
        // Anything else (cancel, list, no thanks...) is handled as usual.
        return false;
    }

    /// <summary>With the service chosen: go on with what the customer asked for (availability first, as always).</summary>
    private async Task ResumeAsync(string prefix)
    {
        var pending = State.Pending ?? new PendingRequest { Intent = RequestKind.Book };
        State.Stage = AgentStage.Idle;
        if (pending.Intent == RequestKind.Check)
        {
            await t.Times.CheckAsync(pending, prefix);
            return;
        }
        State.Pending = pending with { Intent = RequestKind.Book };
        await t.Book.ContinueAsync(prefix);
    }

    public void Ask(IReadOnlyList<ServiceInfo> choices, string prefix)
    {
        State.Stage = AgentStage.AwaitingService;
        State.OfferedServices = [.. choices.Select(s => s.ServiceId)];
        t.Say(prefix + Question(choices));
    }

    public static string Question(IReadOnlyList<ServiceInfo> choices) =>
        "Which service would you like?\n"
        + string.Join("\n", choices.Select((s, i) => $"{i + 1}. {ServiceNames.Label(s)}"))
        + "\nType its number or name.";

    /// <summary>The services in the numbered question, in its order (all of them if the list is gone).</summary>
    public IReadOnlyList<ServiceInfo> Offered()
    {
        var offered = State.OfferedServices
            .Select(id => t.Services.FirstOrDefault(s => s.ServiceId == id))
            .OfType<ServiceInfo>()
            .ToList();
        return offered.Count > 0 ? offered : t.Services;
    }

    private void Choose(ServiceInfo service)
    {
        State.ServiceId = service.ServiceId;
        State.ServiceName = service.Name;
        State.OfferedServices = [];
    }

    /// <summary>"Actually a beard trim": a new service without new times keeps the times asked or offered before.</summary>
    public PendingRequest WithEarlierTimes(PendingRequest pending)
    {
        if (pending.HasTimes)
        {
            return pending;
        }
        if (State.Pending is { HasTimes: true } earlier)
        {
            return pending.WithTimesOf(earlier);
        }
        return State.ProposedStart is { } proposed ? pending with { Start = proposed, Date = proposed.Date } : pending;
    }
}
