using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

/// <summary>
/// First run without default credentials: while no admin exists, each start issues a random one-time token
/// (only its SHA-256 is stored, good for 24 hours) and logs the link <c>/admin/setup?token=…</c>. Whoever can read
/// the server's log opens it and creates the first admin; that uses up every outstanding link.
/// </summary>
public sealed class AdminSetup(IDbContextFactory<OpenBookingDbContext> dbFactory, IClock clock)
{
    public static readonly Duration TokenLifetime = Duration.FromHours(24);

    public const string SetupPath = "/admin/setup";

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdminAccounts.AnyAsync(cancellationToken);
    }

    /// <summary>A new token when no admin exists yet; null otherwise.</summary>
    public async Task<string?> IssueTokenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.AdminAccounts.AnyAsync(cancellationToken))
        {
            return null;
        }
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetCurrentInstant();
        db.AdminSetupTokens.Add(new AdminSetupToken { TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + TokenLifetime });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Whether the link still works: no admin yet, the token known, unused and not expired.</summary>
    public async Task<bool> IsValidAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var hash = Hash(token);
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return !await db.AdminAccounts.AnyAsync(cancellationToken)
            && await db.AdminSetupTokens.AnyAsync(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// Creates the first admin with the token. The address and password are checked before the token is spent, so
    /// a mistake can be corrected with the same link; once spent, every other outstanding link is void too.
    /// </summary>
    public async Task<IdentityResult> CreateFirstAdminAsync(
        string? token, string email, string password, UserManager<AdminAccount> users, CancellationToken cancellationToken = default)
    {
        var account = NewAccount(email, createdBy: null);
        account.NormalizedEmail = users.NormalizeEmail(account.Email);
        var problems = new List<IdentityError>();
        foreach (var validator in users.UserValidators)
        {
            var result = await validator.ValidateAsync(users, account);
            problems.AddRange(result.Errors);
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, password);
            problems.AddRange(result.Errors);
        }
        if (problems.Count > 0)
        {
            return IdentityResult.Failed([.. problems]);
        }
        if (!await TrySpendAsync(token, cancellationToken))
        {
            return IdentityResult.Failed(new IdentityError { Code = "SetupLinkInvalid", Description = InvalidLinkMessage });
        }
        return await users.CreateAsync(account, password);
    }

    public const string InvalidLinkMessage =
        "This setup link is no longer valid: it was already used, it expired, or an admin already exists. Sign in instead, or restart the app to get a new link while no admin exists.";

    public AdminAccount NewAccount(string email, string? createdBy) => new()
    {
        Email = email.Trim(),
        NormalizedEmail = "",
        CreatedAt = clock.GetCurrentInstant(),
        CreatedBy = createdBy,
    };

    /// <summary>Marks the token and every other outstanding token used, in one transaction, if no admin exists.</summary>
    private async Task<bool> TrySpendAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var hash = Hash(token);
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InTransactionAsync(async transaction =>
        {
            if (await db.AdminAccounts.AnyAsync(cancellationToken))
            {
                return false;
            }
            var spent = await db.AdminSetupTokens
                .Where(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
            if (spent != 1)
            {
                return false;
            }
            await db.AdminSetupTokens.Where(t => t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Issues the setup token at start (after migrations) and logs the link once the server listens.</summary>
internal sealed partial class AdminSetupLink(
    AdminSetup setup,
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptionsMonitor<BusinessOptions> business,
    ILogger<AdminSetupLink> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var token = await setup.IssueTokenAsync(cancellationToken);
        if (token is null)
        {
            return;
        }
        var path = $"{AdminSetup.SetupPath}?token={token}";
        lifetime.ApplicationStarted.Register(() => LogSetupLink(logger, BaseAddress() + path, (int)AdminSetup.TokenLifetime.TotalHours));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The public base URL when set, else the first address the server listens on (wildcards as localhost).</summary>
    private string BaseAddress()
    {
        if (business.CurrentValue.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return "";
        }
        return address.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost").TrimEnd('/');
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin account exists yet. Open this one-time link to create the first admin (valid for {Hours} hours, once): {SetupLink}")]
    private static partial void LogSetupLink(ILogger logger, string setupLink, int hours);
}
