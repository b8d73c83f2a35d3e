using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Zapier;

public sealed record ZapInfo(string Name, string? Description);

public sealed record ZapsResult(IReadOnlyList<ZapInfo> Zaps, string? Note);

public sealed record ZapTriggerResult(string Zap, string EventId, bool Delivered, int? StatusCode, string DeliveryId);

/// <summary>The Zapier tool server: the admin's named automations, runnable by the agent and any MCP client.</summary>
[McpServerToolType]
public sealed class ZapierTools(IOptionsMonitor<ZapierOptions> options, WebhookDeliveries deliveries)
{
    public const string ZapTriggeredType = "zap.triggered";

    private const string NoZapsNote =
        "No zaps are configured. An admin adds them in the dashboard (Zapier) or in settings under Zapier:Zaps with a Name, a Description and a Catch Hook URL.";

    [McpServerTool(Name = "list_zaps", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the automations (zaps) this business has set up, with what each one is for. Run one with trigger_zap.")]
    public ZapsResult ListZaps()
    {
        var zaps = options.CurrentValue.Zaps;
        return new ZapsResult([.. zaps.Select(z => new ZapInfo(z.Name.Trim(), z.Description))], zaps.Count == 0 ? NoZapsNote : null);
    }

    [McpServerTool(Name = "trigger_zap", Destructive = false, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Runs one zap: posts the payload as JSON to its Zapier Catch Hook and returns the receiver's HTTP status. " +
        "Each call is a new event; do not repeat a call that succeeded.")]
    public async Task<ZapTriggerResult> TriggerZapAsync(
        [Description("The zap's name exactly as list_zaps returns it, e.g. \"Add to newsletter\".")] string name,
        [Description("A JSON object the zap receives, e.g. {\"email\":\"john@example.com\",\"note\":\"VIP\"}.")] Dictionary<string, JsonElement> payload,
        CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (settings.FindZap(name) is not { } zap)
        {
            throw new ToolException(ToolErrorCodes.NotFound, settings.Zaps.Count == 0
                ? $"There is no zap named '{name}'. {NoZapsNote}"
                : $"There is no zap named '{name}'. Available zaps: {string.Join(", ", settings.Zaps.Select(z => z.Name.Trim()))}.");
        }

        var delivery = await deliveries.AddAsync(new WebhookDelivery
        {
            EventId = Guid.NewGuid().ToString(),
            EventType = ZapTriggeredType,
            ZapName = zap.Name.Trim(),
            Url = zap.HookUrl.Trim(),
            Payload = JsonSerializer.Serialize(payload),
        }, cancellationToken);
        var (_, result) = await deliveries.AttemptAsync(delivery.Id, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ToolException(ToolErrorCodes.DeliveryFailed, $"The zap '{zap.Name.Trim()}' did not run: {result.Error} The admin can resend it from the dashboard (delivery {delivery.Id}).");
        }
        return new ZapTriggerResult(zap.Name.Trim(), delivery.EventId, true, result.StatusCode, delivery.Id.ToString());
    }
}
