using System.Globalization;
using NodaTime.Text;
using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Answers questions about the business at any step (<c>get_business_info</c>, <c>list_services</c>): opening hours,
/// closures, services with their length and price, address and phone, and what the agent can do. Facts the business has
/// not set are said to be missing, never made up. The router then repeats what the conversation was waiting for.
/// </summary>
internal sealed class QuestionFlow(Turn t)
{
    private const BusinessQuestion NeedsInfo = BusinessQuestion.Hours | BusinessQuestion.Closures | BusinessQuestion.Address | BusinessQuestion.Phone;

    public async Task AnswerAsync(BusinessQuestion questions)
    {
        BusinessInfo? info = null;
        if ((questions & NeedsInfo) != 0)
        {
            var read = await t.Tools.GetBusinessInfoAsync(t.Ct);
            if (!read.Ok)
            {
                t.Say($"Sorry, I can't look up our business details right now: {Turn.Lower(read.Error)}");
            }
            info = read.Value;
        }
        var answers = new List<string>();
        if (info is not null && questions.HasFlag(BusinessQuestion.Hours))
        {
            answers.Add(Hours(info));
        }
        if (info is not null && questions.HasFlag(BusinessQuestion.Closures))
        {
            answers.Add(Closures(info));
        }
        if (questions.HasFlag(BusinessQuestion.Services) || questions.HasFlag(BusinessQuestion.Prices))
        {
            answers.Add(Services(withPrices: questions.HasFlag(BusinessQuestion.Prices)));
        }
        if (info is not null && questions.HasFlag(BusinessQuestion.Address))
        {
            answers.Add(info.Address is { Length: > 0 } address
                ? $"Our address is {address}."
                : $"Sorry, {info.Name} hasn't given me an address to share.");
        }
        if (info is not null && questions.HasFlag(BusinessQuestion.Phone))
        {
            answers.Add(info.Phone is { Length: > 0 } phone
                ? $"You can call us on {phone}."
                : $"Sorry, {info.Name} hasn't given me a phone number to share.");
        }
        if (questions.HasFlag(BusinessQuestion.Capabilities))
        {
            answers.Add(BuiltInAgent.HelpText);
        }
        if (answers.Count > 0)
        {
            t.Say(string.Join("\n\n", answers));
        }
    }

    /// <summary>"Our opening hours:\nMonday: 09:00–12:00, 13:00–17:00\n...\nSunday: closed".</summary>
    private static string Hours(BusinessInfo info) =>
        "Our opening hours:\n" + string.Join("\n", info.OpeningHours.Select(day =>
            $"{day.Day}: {(day.Hours.Count == 0 ? "closed" : string.Join(", ", day.Hours.Select(h => h.Replace('-', '–'))))}"));

    private string Closures(BusinessInfo info)
    {
        if (info.Closures.Count == 0)
        {
            return "We have no closures coming up: we are open as usual (see our opening hours).";
        }
        return "We are closed on these days:\n" + string.Join("\n", info.Closures.Select(c =>
        {
            var days = c.From == c.To ? Day(c.From) : $"{Day(c.From)} to {Day(c.To)}";
            return $"- {days}{(string.IsNullOrWhiteSpace(c.Reason) ? "" : $" ({c.Reason})")}";
        }));
    }

    private string Services(bool withPrices)
    {
        if (t.Services.Count == 0)
        {
            return "Sorry, I can't read our list of services right now.";
        }
        var lines = t.Services.Select(s => $"- {s.Name}: {ServiceNames.Length(s.DurationMinutes)}{Price(s, withPrices)}");
        var unpriced = withPrices && t.Services.All(s => s.Price is null)
            ? "\nWe haven't listed prices here; please ask us when you come in."
            : "";
        return "Our services:\n" + string.Join("\n", lines) + unpriced;
    }

    private string Price(ServiceInfo service, bool asked) => service.Price switch
    {
        { } price => $", {price.ToString("0.00", CultureInfo.InvariantCulture)} {t.Currency}".TrimEnd(),
        null when asked => ", no price listed",
        _ => "",
    };

    private string Day(string iso)
    {
        var parsed = LocalDatePattern.Iso.Parse(iso);
        return parsed.Success ? parsed.Value.ToString(parsed.Value.Year == t.Today.Year ? "dddd d MMMM" : "dddd d MMMM yyyy", CultureInfo.InvariantCulture) : iso;
    }
}
