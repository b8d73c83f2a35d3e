using NodaTime;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding;

/// <summary>
/// DESIGN.md "future first": a weekday name is its next occurrence after today ("next Tuesday" on a Friday is the
/// coming Tuesday), and "this Friday" on a Friday is today. Checked for every day of the week against every target.
/// </summary>
public sealed class WeekdayRuleTests
{
    private static readonly string[] Names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private readonly SchedulingParser _parser = new();

    public static TheoryData<int, int, string> Cases()
    {
        var data = new TheoryData<int, int, string>();
        for (var today = 0; today < 7; today++)
        {
            for (var target = 0; target < 7; target++)
            {
                foreach (var form in new[] { "", "next ", "this ", "on " })
                {
                    data.Add(today, target, form);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_WeekdayName_IsNextOccurrence(int today, int target, string form)
    {
        // Arrange: 2026-03-30 is a Monday; today = Monday + today days, at 10:00 in Brussels.
        var date = new DateOnly(2026, 3, 30).AddDays(today);
        var now = new LocalDateTime(date.Year, date.Month, date.Day, 10, 0).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Brussels"]);
        var ahead = (target - today + 7) % 7;
        if (ahead == 0 && form != "this ")
        {
            ahead = 7;
        }
        var expected = date.AddDays(ahead);

        // Act
        var utterance = _parser.Parse(form + Names[target], now);

        // Assert
        Assert.Equal(new LocalDate(expected.Year, expected.Month, expected.Day), utterance.Date);
    }
}
