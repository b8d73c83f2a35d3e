using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Calendar.Google;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Diagnostics;
using OpenBooking.Tools.Email;
using OpenBooking.Tools.ExternalMcp;
using OpenBooking.Tools.Mcp;
using OpenBooking.Tools.Zapier;

namespace OpenBooking.Tools.Hosting;

public static class ToolsExtensions
{
    public static readonly ToolServerDefinition EmailOtpServer = new(
        "email-otp",
        "email",
        "OpenBooking email verification",
        "Verify a customer's email before booking: send_email_otp, then verify_email_otp with the code the customer reads in their mail.",
        [typeof(EmailOtpTools)]);

    public static readonly ToolServerDefinition CalendarServer = new(
        "calendar",
        "calendar",
        "OpenBooking calendar",
        "Find free slots, check a time, and book, list, move or cancel appointments. Times are ISO 8601 in the business time zone.",
        [typeof(CalendarTools)]);

    public static readonly ToolServerDefinition ZapierServer = new(
        "zapier",
        "zapier",
        "OpenBooking automations (Zapier)",
        "Run the business's automations: list_zaps says what each zap is for, trigger_zap runs one with a JSON payload.",
        [typeof(ZapierTools)]);

    /// <summary>
    /// Results keep their null members: the generated output schema lists every record member as required,
    /// and strict clients (the MCP Inspector) reject structured content that leaves one out.
    /// </summary>
    private static readonly JsonSerializerOptions ResultOptions = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// Everything the tool servers need (settings, the database, the clock, email, OTP, bookings) and the MCP
    /// server with every tool, hosted by the SDK. Used by the web app (co-hosted, then served over HTTP) and by
    /// the stdio host; the caller adds its transport to the returned builder.
    /// </summary>
    public static IMcpServerBuilder AddOpenBookingTools(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // The SDK's Debug/Trace logs hold whole messages (codes, tokens): never written, whatever the settings say.
        services.PostConfigure<LoggerFilterOptions>(McpLogCap.Apply);
        services.AddValidatedOptions<BusinessOptions>(BusinessOptions.Section);
        services.AddValidatedOptions<BookingOptions>(BookingOptions.Section);
        services.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        services.AddValidatedOptions<OtpOptions>(OtpOptions.Section);

        var dataDirectory = builder.GetDataDirectory();
        services.AddSingleton(dataDirectory);
        var database = builder.AddOpenBookingDatabase(dataDirectory);
        services.AddSingleton(database);

        // Dashboard settings (stored in the database) come last, so they win over the files.
        var databaseSettings = new DatabaseSettingsSource(database);
        builder.Configuration.Add(databaseSettings);
        services.AddSingleton(databaseSettings);
        services.AddSingleton<SettingsStore>();
        services.AddHostedService<DatabaseMigrator>();
        // After the migrator: other instances' changes to services, closures and settings reach this one's caches.
        services.AddSingleton<ChangeStampWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeStampWatcher>());
        services.AddBookingNotifications();

        // Secrets at rest (Google tokens, email secrets among the dashboard settings) are encrypted with Data Protection keys
        // that the web app and the stdio host share and that survive restarts: files in the data directory on SQLite, the
        // DataProtectionKeys table on PostgreSQL (every instance reads the same keys).
        services.AddSingleton<SecretSettings>();
        var dataProtection = services.AddDataProtection().SetApplicationName("OpenBooking");
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // Several instances: a manage link, an antiforgery token or a sign-in cookie made by one is read by another.
            dataProtection.PersistKeysToDbContext<PostgreSqlOpenBookingDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.Resolve(Path.Combine("keys", "data-protection"))));
        }
        KeyProtection.Apply(dataProtection, builder.Configuration);

        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<VerificationTokenService>();
        services.AddSingleton<OtpService>();
        services.AddSingleton<ServiceCatalog>();
        // The calendar provider: Google's busy time while Google is connected, else the built-in calendar.
        services.AddGoogleCalendar();
        services.AddSingleton<BookingService>();
        services.AddEmailProviders();
        services.AddZapier();
        services.AddExternalMcpServers();

        services.AddSingleton(EmailOtpServer);
        services.AddSingleton(CalendarServer);
        services.AddSingleton(ZapierServer);
        // Every tool call is measured and recorded for the Usage page (see ToolCallTelemetry).
        services.AddValidatedOptions<ToolUsageOptions>(ToolUsageOptions.Section);
        services.AddMetrics();
        services.AddSingleton<ToolUsageRecorder>();
        services.AddSingleton<ToolCallTelemetry>();
        // The outermost call-tool filter (the first one), so that it sees the final result and its error code.
        services.AddOptions<McpServerOptions>().Configure<ToolCallTelemetry, IEnumerable<ToolServerDefinition>>((options, telemetry, servers) =>
            options.Filters.Request.CallToolFilters.Insert(0, telemetry.CreateFilter(tool => ServerOf(servers, tool))));
        services.AddHostedService<ToolUsageWriter>();
        services.AddSingleton<ToolServerCatalog>();
        services.AddSingleton<InMemoryToolClients>();
        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = "openbooking",
                    Title = "OpenBooking",
                    Version = typeof(ToolsExtensions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                };
                options.ServerInstructions = string.Join("\n", new[] { EmailOtpServer, CalendarServer, ZapierServer }.Select(s => s.Instructions));
            })
            .WithTools<EmailOtpTools>(ResultOptions)
            .WithTools<CalendarTools>(ResultOptions)
            .WithTools<ZapierTools>(ResultOptions)
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolErrorFilter.Apply));
    }

    /// <summary>The name of the co-hosted server that serves <paramref name="tool"/>, or null when none does.</summary>
    private static string? ServerOf(IEnumerable<ToolServerDefinition> servers, string tool) =>
        servers.FirstOrDefault(s => s.ToolNames.Contains(tool))?.Name;

    /// <summary>The data directory from <c>Storage:DataDirectory</c> (see <see cref="DataDirectory"/>).</summary>
    public static DataDirectory GetDataDirectory(this IHostApplicationBuilder builder) =>
        DataDirectory.From(builder.Configuration["Storage:DataDirectory"], builder.Environment.ContentRootPath);

    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Adds the solution-level <c>appsettings.Development.json</c> (shared by the web app and the tool host)
    /// right after the project's own settings files, so environment variables and the command line still win.
    /// </summary>
    public static void AddSharedDevelopmentSettings(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || SolutionFolder.Find(builder.Environment.ContentRootPath) is not { } root)
        {
            return;
        }
        var path = Path.Combine(root, "appsettings.Development.json");
        if (!File.Exists(path))
        {
            return;
        }
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        var lastJson = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource)
            {
                lastJson = i;
            }
        }
        var shared = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = path,
            Optional = true,
            ReloadOnChange = false,
        };
        shared.ResolveFileProvider();
        // ConfigurationManager rebuilds its providers when its sources change.
        sources.Insert(lastJson + 1, shared);
    }
}

/// <summary>
/// Applies EF Core migrations at start, turns on WAL so several processes can share the file, and creates the
/// first service from settings.
/// </summary>
internal sealed class DatabaseMigrator(IDbContextFactory<OpenBookingDbContext> dbFactory, ServiceCatalog services, SettingsStore settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Several instances may start at once on PostgreSQL: EF Core 9+ takes a database lock around migrating.
        await db.Database.MigrateAsync(cancellationToken);
        if (!db.IsPostgreSql())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        settings.Reload();
        await services.EnsureDefaultServiceAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
