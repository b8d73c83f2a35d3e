using System.Collections.Concurrent;
using NodaTime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenBooking.Tests.Calendar.Google;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>
/// The tool services on a fresh database with every log line captured and waits that return at once (recorded, so
/// a test can see that Retry-After was honoured without sleeping).
/// </summary>
public sealed class EmailTestHost : IAsyncDisposable
{
    private EmailTestHost(ToolsTestHost tools, LogCapture logs, InstantDelays delays)
    {
        Tools = tools;
        Logs = logs;
        Delays = delays;
    }

    public ToolsTestHost Tools { get; }
    public LogCapture Logs { get; }
    public InstantDelays Delays { get; }
    public FakeClock Clock => Tools.Clock;

    public IEmailSender Sender => Tools.Get<IEmailSender>();
    public EmailDiagnostics Diagnostics => Tools.Get<EmailDiagnostics>();
    public SettingsStore Settings => Tools.Get<SettingsStore>();

    public static async Task<EmailTestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var logs = new LogCapture();
        var delays = new InstantDelays();
        var values = new Dictionary<string, string?>
        {
            // The outbox would deliver booking emails beside the test's own sends.
            ["Notifications:RunInBackground"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var tools = await ToolsTestHost.StartAsync(settings: values, configure: services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            services.AddSingleton<TimeProvider>(delays);
            configure?.Invoke(services);
        });
        return new EmailTestHost(tools, logs, delays);
    }

    /// <summary>SMTP settings for a loopback server (as the dashboard would store them).</summary>
    public static Dictionary<string, string?> SmtpSettings(LoopbackSmtpServer server, bool enableSsl = false) => new()
    {
        ["Email:Provider"] = "Smtp",
        ["Email:Smtp:Host"] = server.Host,
        ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:UserName"] = server.UserName,
        ["Email:Smtp:Password"] = server.Password,
        ["Email:Smtp:EnableSsl"] = enableSsl ? "true" : "false",
        ["Email:Smtp:Timeout"] = "00:00:10",
    };

    public static Dictionary<string, string?> AcsSettings(FakeAcsEmailServer server, string? connectionString = null) => new()
    {
        ["Email:Provider"] = "AzureCommunicationServices",
        ["Email:AzureCommunicationServices:ConnectionString"] = connectionString ?? server.ConnectionString,
        ["Email:AzureCommunicationServices:SenderAddress"] = "DoNotReply@contoso.azurecomm.net",
    };

    public ValueTask DisposeAsync() => Tools.DisposeAsync();
}

/// <summary>A clock for waits only: every timer fires at once, and the wait it was asked for is recorded.</summary>
public sealed class InstantDelays : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        var timer = new FiredTimer();
        ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        return timer;
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
