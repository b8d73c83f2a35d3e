namespace OpenBooking.Web.Agent.Understanding;

/// <summary>
/// Finds days and spans of days. At each token the explicit, relative and span readers are tried in a fixed order,
/// so that a mention starting earlier in the sentence wins over one starting inside it; then days said as the two
/// ends of a span ("Monday to Wednesday") are joined.
/// </summary>
internal sealed class DateRecognizer : TokenReader, IRecognizer
{
    private readonly ExplicitDateRecognizer _explicit;
    private readonly RelativeDateRecognizer _relative;
    private readonly DateRangeRecognizer _ranges;

    public DateRecognizer(ParseContext context)
        : base(context)
    {
        _explicit = new ExplicitDateRecognizer(context);
        _relative = new RelativeDateRecognizer(context, _explicit);
        _ranges = new DateRangeRecognizer(context);
    }

    public override void Bind()
    {
        base.Bind();
        _explicit.Bind();
        _relative.Bind();
        _ranges.Bind();
    }

    public void Recognize()
    {
        for (var i = 0; i < Length; i++)
        {
            if (Free(i))
            {
                _ = _explicit.TryAt(i) || _relative.TryOrdinalWeekdayOfMonth(i) || _ranges.TryMonthAlone(i) || _relative.TryRelativeOffset(i)
                    || _relative.TryRelativeDay(i) || _relative.TryWeekdayInWeek(i) || _relative.TryWeekday(i) || _ranges.TryRangeWords(i);
            }
        }
        _ranges.CombineDateRanges();
    }
}
