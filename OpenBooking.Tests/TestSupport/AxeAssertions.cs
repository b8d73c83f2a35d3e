using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OpenBooking.Tests.TestSupport;

/// <summary>Runs axe-core (Deque's engine) in the real page and fails on any serious or critical violation.</summary>
public static class AxeAssertions
{
    public static async Task AssertNoSeriousViolationsAsync(this IPage page, string what) =>
        AssertNoSerious(await page.RunAxe(), what);

    /// <summary>The same check on one part of a page (a card), when the rest of the page is not the test's subject.</summary>
    public static async Task AssertNoSeriousViolationsAsync(this ILocator part, string what) =>
        AssertNoSerious(await part.RunAxe(), what);

    private static void AssertNoSerious(AxeResult result, string what)
    {
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on the {what}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help} at " + string.Join(", ", violation.Nodes.Select(n => n.Target.ToString()));
}
