using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OpenBooking.Tests.TestSupport;

/// <summary>Runs axe-core (Deque's engine) in the real page and fails on any serious or critical violation.</summary>
public static class AxeAssertions
{
    public static async Task AssertNoSeriousViolationsAsync(this IPage page, string what)
    {
        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on the {what}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help} at " + string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()));
}
