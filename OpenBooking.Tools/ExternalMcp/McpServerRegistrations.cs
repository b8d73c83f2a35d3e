using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.ExternalMcp;

/// <summary>What the dashboard edits. A null secret keeps the stored one; an empty string removes it.</summary>
public sealed record McpServerInput(string Name, string Url, string? BearerToken = null, string? HeaderName = null, string? HeaderValue = null, bool Enabled = true);

/// <summary>A registration as the dashboard shows it: secrets only as "set" flags.</summary>
public sealed record McpServerInfo(Guid Id, string Name, string Url, bool HasBearerToken, string? HeaderName, bool HasHeaderValue, bool Enabled);

/// <summary>Registered external MCP servers: add, edit, enable/disable and remove (the dashboard), and their connection details.</summary>
public sealed partial class McpServerRegistrations(
    IDbContextFactory<OpenBookingDbContext> dbFactory, IDataProtectionProvider dataProtection, IClock clock)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("OpenBooking.ExternalMcp.Secrets.v1");

    /// <summary>Raised after any change, so connected clients reconnect.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<McpServerInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.McpServerRegistrations.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(ToInfo)];
    }

    /// <exception cref="ArgumentException">A bad name or URL, or a name already taken.</exception>
    public async Task<McpServerInfo> AddAsync(McpServerInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.McpServerRegistrations.AnyAsync(s => s.Name == input.Name.Trim(), cancellationToken))
        {
            throw new ArgumentException($"An MCP server named '{input.Name.Trim()}' is already registered.", nameof(input.Name));
        }
        var now = clock.GetCurrentInstant();
        var row = new McpServerRegistration { Name = input.Name.Trim(), Url = input.Url.Trim(), CreatedAt = now };
        Apply(row, input, now);
        db.McpServerRegistrations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return ToInfo(row);
    }

    /// <exception cref="KeyNotFoundException">No such registration.</exception>
    public async Task<McpServerInfo> UpdateAsync(Guid id, McpServerInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.McpServerRegistrations.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"No MCP server {id}.");
        if (await db.McpServerRegistrations.AnyAsync(s => s.Id != id && s.Name == input.Name.Trim(), cancellationToken))
        {
            throw new ArgumentException($"An MCP server named '{input.Name.Trim()}' is already registered.", nameof(input.Name));
        }
        row.Name = input.Name.Trim();
        row.Url = input.Url.Trim();
        Apply(row, input, clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return ToInfo(row);
    }

    public async Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.McpServerRegistrations.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>Enabled servers with their secrets decrypted, for <see cref="ExternalMcpClients"/>.</summary>
    internal async Task<IReadOnlyList<ExternalMcpServer>> LoadEnabledAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.McpServerRegistrations.AsNoTracking().Where(s => s.Enabled).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ExternalMcpServer(r.Id, r.Name, new Uri(r.Url), Unprotect(r.ProtectedBearerToken), r.HeaderName, Unprotect(r.ProtectedHeaderValue), r.UpdatedAt))];
    }

    private void Apply(McpServerRegistration row, McpServerInput input, Instant now)
    {
        if (input.BearerToken is not null)
        {
            row.ProtectedBearerToken = input.BearerToken.Length == 0 ? null : _protector.Protect(input.BearerToken);
        }
        row.HeaderName = string.IsNullOrWhiteSpace(input.HeaderName) ? null : input.HeaderName.Trim();
        if (input.HeaderValue is not null)
        {
            row.ProtectedHeaderValue = input.HeaderValue.Length == 0 ? null : _protector.Protect(input.HeaderValue);
        }
        row.Enabled = input.Enabled;
        row.UpdatedAt = now;
    }

    private string? Unprotect(string? value) => value is null ? null : _protector.Unprotect(value);

    private static void Validate(McpServerInput input)
    {
        if (!NameRegex().IsMatch(input.Name.Trim()))
        {
            throw new ArgumentException("The name must be 1-64 letters, digits, '-' or '_' (it prefixes the server's tools).", nameof(input.Name));
        }
        if (!Uri.TryCreate(input.Url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The URL must be an absolute http or https URL of a Streamable HTTP MCP endpoint.", nameof(input.Url));
        }
        if (!string.IsNullOrWhiteSpace(input.HeaderName) && !HeaderRegex().IsMatch(input.HeaderName.Trim()))
        {
            throw new ArgumentException("The header name may only hold letters, digits and '-'.", nameof(input.HeaderName));
        }
    }

    private static McpServerInfo ToInfo(McpServerRegistration r) =>
        new(r.Id, r.Name, r.Url, r.ProtectedBearerToken is not null, r.HeaderName, r.ProtectedHeaderValue is not null, r.Enabled);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z0-9-]{1,100}$")]
    private static partial Regex HeaderRegex();
}
