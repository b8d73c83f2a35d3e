using Microsoft.Extensions.Logging;

namespace OpenBooking.Tools.Diagnostics;

/// <summary>
/// Keeps the MCP SDK's Debug and Trace logs off, whatever the settings say: at those levels the SDK writes whole
/// JSON-RPC messages, which carry one-time codes, verification tokens and customers' emails. Applied after every other
/// logging rule, so a setting like <c>Logging:LogLevel:ModelContextProtocol = Trace</c> is lowered to Information.
/// </summary>
public static class McpLogCap
{
    public const string Category = "ModelContextProtocol";

    public const LogLevel Lowest = LogLevel.Information;

    public static void Apply(LoggerFilterOptions options)
    {
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (rule.CategoryName?.StartsWith(Category, StringComparison.Ordinal) == true && rule.LogLevel is < Lowest)
            {
                options.Rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, Lowest, rule.Filter);
            }
        }
        // More specific than a rule without a category (Logging:LogLevel:Default, SetMinimumLevel), for every provider.
        if (options.MinLevel < Lowest || options.Rules.Any(r => r.CategoryName is null && r.LogLevel is < Lowest))
        {
            options.Rules.Add(new LoggerFilterRule(providerName: null, Category, Lowest, filter: null));
            foreach (var provider in options.Rules.Where(r => r.ProviderName is not null && r.CategoryName is null && r.LogLevel is < Lowest)
                .Select(r => r.ProviderName).Distinct().ToList())
            {
                options.Rules.Add(new LoggerFilterRule(provider, Category, Lowest, filter: null));
            }
        }
    }
}
