using System.Globalization;
using NodaTime;
using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// One customer message being answered: what was said, the memory it changes, the replies, and the flow handlers that
/// share them. The handlers are made per message, so they keep no state of their own beyond this turn.
/// </summary>
internal sealed class Turn(
    AgentTools tools, BuiltInAgentState state, Utterance utterance, ZonedDateTime now, string text, DateTimeZone? customerZone,
    string? clientAddress, CancellationToken ct)
{
    private QuestionFlow? questions;
    private ServiceFlow? service;
    private FindTimesFlow? times;
    private VerifyFlow? verify;
    private BookFlow? book;
    private ListFlow? list;
    private CancelFlow? cancel;
    private MoveFlow? move;

    public AgentTools Tools { get; } = tools;
    public BuiltInAgentState State { get; } = state;

    /// <summary>The message as read; a handler may re-read it (a bare service name is a booking request).</summary>
    public Utterance U { get; set; } = utterance;
    public ZonedDateTime Now { get; } = now;
    public string Text { get; } = text;
    public string? ClientAddress { get; } = clientAddress;
    public CancellationToken Ct { get; } = ct;
    public LocalDate Today => Now.Date;

    /// <summary>The business's services from <c>list_services</c> (empty when the call failed: the default service is used).</summary>
    public IReadOnlyList<ServiceInfo> Services { get; set; } = [];

    /// <summary>The currency of the prices in <see cref="Services"/>, when the business set one.</summary>
    public string? Currency { get; set; }

    /// <summary>True when this message named the service (so earlier times still apply: "actually a beard trim").</summary>
    public bool ServiceNamed { get; set; }

    public List<string> Replies { get; } = [];

    public QuestionFlow Questions => questions ??= new(this);
    public ServiceFlow Service => service ??= new(this);
    public FindTimesFlow Times => times ??= new(this);
    public VerifyFlow Verify => verify ??= new(this);
    public BookFlow Book => book ??= new(this);
    public ListFlow List => list ??= new(this);
    public CancelFlow Cancel => cancel ??= new(this);
    public MoveFlow Move => move ??= new(this);

    public void Say(string message) => Replies.Add(message);

    /// <summary>Only a business with several services makes the customer choose, and names the service in replies.</summary>
    public bool ManyServices => Services.Count > 1;

    public bool NeedsService => ManyServices && State.ServiceId is null;

    /// <summary>The service the tools should use: the moved booking's own, else the chosen one (null: the only one).</summary>
    public string? ServiceArgument => State.BookingToMove is not null ? State.MoveService : State.ServiceId;

    /// <summary>The chosen service's name for replies, when the customer had to choose one.</summary>
    public string? ServiceName => ManyServices && State.BookingToMove is null ? State.ServiceName : null;

    /// <summary>What this message asks for, as a request to keep while the customer verifies or chooses.</summary>
    public PendingRequest ToPending(RequestKind kind) => new()
    {
        Intent = kind,
        Start = U.Start,
        Date = U.Date,
        FromDate = U.DateRange?.From,
        ToDate = U.DateRange?.To,
        FromTime = U.Window?.From,
        ToTime = U.Window?.To,
        DurationMinutes = U.DurationMinutes,
    };

    public static RequestKind? KindOf(Intent intent) => intent switch
    {
        Intent.Book => RequestKind.Book,
        Intent.Check => RequestKind.Check,
        Intent.List => RequestKind.List,
        Intent.Cancel => RequestKind.Cancel,
        Intent.Reschedule => RequestKind.Reschedule,
        _ => null,
    };

    public static Intent IntentOf(RequestKind kind) => kind switch
    {
        RequestKind.Check => Intent.Check,
        RequestKind.List => Intent.List,
        RequestKind.Cancel => Intent.Cancel,
        RequestKind.Reschedule => Intent.Reschedule,
        _ => Intent.Book,
    };

    /// <summary>True when the message names a day, a time, a part of the day or a span of days.</summary>
    public bool SaysWhen => U.Start is not null || U.Date is not null || U.Window is not null || U.DateRange is not null;

    // ---- how times are said ----

    public string ProposedPhrase()
    {
        if (State.ProposedStart is not { } start)
        {
            return "that time";
        }
        // Proposals always record their length; 60 only covers memories saved by an older version.
        return SlotText(start, start.Plus(Period.FromMinutes(State.ProposedDurationMinutes ?? 60)));
    }

    public string DescribeRequested(LocalDateTime local)
    {
        var theirs = customerZone is null ? local : local.InZoneLeniently(Now.Zone).WithZone(customerZone).LocalDateTime;
        var yourTime = theirs == local ? ""
            : theirs.Date == local.Date ? $" ({TimePhrases.Time(theirs.TimeOfDay)} your time)"
            : $" ({theirs.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)}, {TimePhrases.Time(theirs.TimeOfDay)} your time)";
        return $"{TimePhrases.Time(local.TimeOfDay)} {TimePhrases.Day(local.Date, Today)}{yourTime}";
    }

    /// <summary>
    /// A slot in business time, with the customer's clock after it when their zone differs. In the middle of a
    /// sentence the aside is closed with a second dash ("from 15:00 ... — 10:00–11:00 your time (...) — is free").
    /// </summary>
    public string SlotText(LocalDateTime start, LocalDateTime end, bool midSentence = false)
    {
        var yours = TimePhrases.YourTime(start, end, Now.Zone, customerZone, brief: false);
        return TimePhrases.Slot(start, end, Today) + yours + (midSentence && yours.Length > 0 ? " —" : "");
    }

    public string ShortText(LocalDateTime start, LocalDateTime end) =>
        TimePhrases.Short(start, end) + TimePhrases.YourTime(start, end, Now.Zone, customerZone, brief: true);

    /// <summary>The manage link carries the customer's zone, so the page can show their clock too.</summary>
    public string ManageLink(string url) =>
        customerZone is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}tz={Uri.EscapeDataString(customerZone.Id)}";

    public string ServiceOf(BookingInfo booking) => ManyServices && booking.Service is { } name ? $" · {name}" : "";

    /// <summary>"1. Fri 27 Mar, 15:00–16:00", one line per booking, for lists the customer picks from by number.</summary>
    public string NumberedList(IEnumerable<BookingInfo> bookings, bool withManageLinks) =>
        string.Join("\n", bookings.Select((b, i) =>
        {
            var (s, e) = Local(b.Start, b.End);
            var line = $"{i + 1}. {ShortText(s, e)}{ServiceOf(b)}";
            return withManageLinks ? $"{line} — [manage]({ManageLink(b.ManageUrl)})" : line;
        }));

    public static string WithArticle(string name) => ("aeiouAEIOU".Contains(name[0]) ? "an " : "a ") + name;

    public static (LocalDateTime Start, LocalDateTime End) Local(SlotInfo slot) => Local(slot.Start, slot.End);

    public static (LocalDateTime Start, LocalDateTime End) Local(string start, string end) =>
        (TimePhrases.FromWire(start), TimePhrases.FromWire(end));

    public static int Minutes(LocalDateTime start, LocalDateTime end) => (int)Period.Between(start, end, PeriodUnits.Minutes).Minutes;

    public static string Lower(string? reason) =>
        string.IsNullOrEmpty(reason) ? "" : char.ToLowerInvariant(reason[0]) + reason[1..];

    public const string AnythingElse = "Is there anything else I can do, for example show your bookings or book another appointment?";
}
