using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

/// <summary>A row of the Admins page.</summary>
public sealed record AdminSummary(
    Guid Id, string Email, Instant CreatedAt, string? CreatedBy, Instant? LastSignInAt, Instant? PreviousSignInAt, Instant? LockedUntil);

/// <summary>How a sign-in went: on failure, what the sign-in page says.</summary>
public sealed record AdminSignInResult(bool Succeeded, string? Problem)
{
    public static readonly AdminSignInResult Success = new(true, null);
}

/// <summary>Signing in and managing admin accounts on top of Identity's UserManager and SignInManager.</summary>
public sealed partial class AdminAccounts(
    UserManager<AdminAccount> users,
    SignInManager<AdminAccount> signIn,
    IPasswordHasher<AdminAccount> hasher,
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    AdminSetup setup,
    AuditLog audit,
    IClock clock,
    TimeProvider time,
    IOptionsMonitor<BusinessOptions> business,
    ILogger<AdminAccounts> logger)
{
    /// <summary>What every failed sign-in says, whether the address is unknown, the password wrong or the account locked.</summary>
    public const string SignInFailedMessage =
        "That email and password did not match an admin account. After 5 failed attempts, sign-in is paused for 15 minutes.";

    /// <summary>A hash of a random password, checked when the email is unknown so that the answer takes as long.</summary>
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<AdminAccount>().HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));

    public UserManager<AdminAccount> Users => users;

    /// <summary>
    /// Checks the password (with lockout after repeated failures) and sets the auth cookie on success. An unknown address
    /// and a wrong password get the same answer; a locked account is told until when, so that its owner does not keep
    /// trying (and extending nothing) or think the password changed.
    /// </summary>
    public async Task<AdminSignInResult> PasswordSignInAsync(string email, string password)
    {
        var account = await users.FindByEmailAsync(email.Trim());
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            LogSignInFailed(logger, "unknown address");
            return new(false, SignInFailedMessage);
        }
        var result = await signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            LogSignInFailed(logger, result.IsLockedOut ? "locked out" : "wrong password");
            return new(false, result.IsLockedOut && await users.GetLockoutEndDateAsync(account) is { } end
                // Identity times the lockout on the system clock (not IClock), so the minutes left are counted on it too.
                ? PausedMessage(Instant.FromDateTimeOffset(end), Instant.FromDateTimeOffset(time.GetUtcNow()), business.CurrentValue.Zone)
                : SignInFailedMessage);
        }
        await RecordSignInAsync(account.Id);
        return AdminSignInResult.Success;
    }

    /// <summary>The last sign-in becomes the previous one and now the last (one statement: the right-hand side reads the row as it was).</summary>
    private async Task RecordSignInAsync(Guid accountId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.AdminAccounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.PreviousSignInAt, a => a.LastSignInAt)
                .SetProperty(a => a.LastSignInAt, clock.GetCurrentInstant()));
    }

    /// <summary>"Sign-in to this account is paused after 5 failed attempts. Try again at 14:35 (in 15 minutes)."</summary>
    public static string PausedMessage(Instant until, Instant now, DateTimeZone zone)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
        var at = AdminFormat.Time(until.InZone(zone).TimeOfDay);
        return $"Sign-in to this account is paused after 5 failed attempts. Try again at {at} (in {minutes} {(minutes == 1 ? "minute" : "minutes")}).";
    }

    /// <summary>Creates the first admin with a setup token and signs them in.</summary>
    public async Task<IdentityResult> CompleteSetupAsync(string? token, string email, string password)
    {
        var result = await setup.CreateFirstAdminAsync(token, email, password, users);
        if (result.Succeeded)
        {
            var account = (await users.FindByEmailAsync(email.Trim()))!;
            await audit.WriteAsync(account.Email, AuditActions.AdminCreated, $"Created the first admin account {account.Email} with the setup link.");
            await signIn.SignInAsync(account, isPersistent: false);
            await RecordSignInAsync(account.Id);
        }
        return result;
    }

    public async Task<List<AdminSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var rows = await db.AdminAccounts.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        return rows.ConvertAll(a => new AdminSummary(a.Id, a.Email, a.CreatedAt, a.CreatedBy, a.LastSignInAt, a.PreviousSignInAt, a.LockoutEnd > now ? a.LockoutEnd : null));
    }

    /// <summary>Adds an admin who signs in with this password (tell it to them in person or over a safe channel).</summary>
    public async Task<IdentityResult> AddAsync(string actor, string email, string password)
    {
        var account = setup.NewAccount(email, createdBy: actor);
        var result = await users.CreateAsync(account, password);
        if (result.Succeeded)
        {
            await audit.WriteAsync(actor, AuditActions.AdminCreated, $"Added admin {account.Email}.");
        }
        return result;
    }

    /// <summary>Removes another admin (never yourself, never the last one); their open sessions end within minutes.</summary>
    public async Task<string?> RemoveAsync(string actor, Guid id)
    {
        var account = await users.FindByIdAsync(id.ToString());
        if (account is null)
        {
            return "That admin no longer exists.";
        }
        if (string.Equals(account.Email, actor, StringComparison.OrdinalIgnoreCase))
        {
            return "You cannot remove your own account. Ask another admin to do it.";
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.AdminAccounts.CountAsync() <= 1)
        {
            return "The last admin cannot be removed.";
        }
        await users.DeleteAsync(account);
        await audit.WriteAsync(actor, AuditActions.AdminRemoved, $"Removed admin {account.Email}.");
        return null;
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    /// <summary>An Identity error as a message that names the field it is about.</summary>
    public static string Describe(IdentityError error) => error.Code switch
    {
        var code when code.StartsWith("Password", StringComparison.Ordinal) => $"Password: {error.Description}",
        "DuplicateEmail" or "DuplicateUserName" => $"Email: an admin with this address already exists.",
        "InvalidEmail" or "InvalidUserName" => $"Email: {error.Description}",
        _ => error.Description,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin sign-in failed ({Reason}).")]
    private static partial void LogSignInFailed(ILogger logger, string reason);
}
