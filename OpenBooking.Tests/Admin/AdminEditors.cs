using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Zapier;
using OpenBooking.Web.Admin;
using OpenBooking.Web.Agent.Llm;

namespace OpenBooking.Tests.Admin;

/// <summary>The dashboard's editors over a tools host (for IntegrationsEditor, one started with <c>AddAgents()</c>), auditing to its database.</summary>
public static class AdminEditors
{
    public static IntegrationsEditor IntegrationsEditor(this ToolsTestHost host) =>
        new(host.Get<IOptionsMonitor<EmailOptions>>(), host.Get<IOptionsMonitor<GoogleOptions>>(),
            host.Get<IOptionsMonitor<AgentOptions>>(), host.Get<SettingsStore>(), host.Get<GoogleCalendarConnector>(), host.Get<ChatModelClients>(),
            host.AuditLog());

    public static AutomationsEditor AutomationsEditor(this ToolsTestHost host) =>
        new(host.Get<IOptionsMonitor<ZapierOptions>>(), host.Get<SettingsStore>(), host.Get<McpServerRegistrations>(), host.AuditLog());

    private static AuditLog AuditLog(this ToolsTestHost host) => new(host.Get<IDbContextFactory<OpenBookingDbContext>>(), host.Clock);
}
