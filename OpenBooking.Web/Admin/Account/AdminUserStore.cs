using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

/// <summary>
/// ASP.NET Core Identity's user store over <see cref="AdminAccount"/> rows in the app's own database.
/// </summary>
/// <remarks>
/// Why not Microsoft.AspNetCore.Identity.EntityFrameworkCore: its 9.x packages need EF Core Relational 9.0.23 and
/// Cryptography.KeyDerivation, which the package source here does not hold. Identity's core (UserManager,
/// SignInManager, PasswordHasher, lockout, security stamps) is in the shared framework, so only this store is ours.
/// The user name is the email address; both normalised forms live in one column. One DbContext per operation
/// (the store is scoped, and in Blazor Server a scope lasts as long as the circuit).
/// </remarks>
public sealed class AdminUserStore(IDbContextFactory<OpenBookingDbContext> dbFactory, IClock clock, IdentityErrorDescriber errors) :
    IUserPasswordStore<AdminAccount>,
    IUserEmailStore<AdminAccount>,
    IUserLockoutStore<AdminAccount>,
    IUserSecurityStampStore<AdminAccount>
{
    public async Task<IdentityResult> CreateAsync(AdminAccount user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (user.CreatedAt == default)
        {
            user.CreatedAt = clock.GetCurrentInstant();
        }
        db.AdminAccounts.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on the normalised email: someone added the same address a moment ago.
            return IdentityResult.Failed(errors.DuplicateEmail(user.Email));
        }
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(AdminAccount user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = db.AdminAccounts.Attach(user);
        entry.State = EntityState.Modified;
        entry.Property(a => a.ConcurrencyStamp).OriginalValue = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityResult.Failed(errors.ConcurrencyFailure());
        }
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(AdminAccount user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.AdminAccounts.Where(a => a.Id == user.Id).ExecuteDeleteAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<AdminAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out var id))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdminAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    public Task<AdminAccount?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindByEmailAsync(normalizedUserName, cancellationToken);

    public async Task<AdminAccount?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AdminAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedEmail == normalizedEmail, cancellationToken);
    }

    public Task<string> GetUserIdAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString());

    public Task<string?> GetUserNameAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task SetUserNameAsync(AdminAccount user, string? userName, CancellationToken cancellationToken)
    {
        user.Email = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(AdminAccount user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public Task SetEmailAsync(AdminAccount user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    /// <summary>An admin's address is vouched for by the admin who added it (or by whoever held the setup link).</summary>
    public Task<bool> GetEmailConfirmedAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(AdminAccount user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetNormalizedEmailAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(AdminAccount user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedEmail ?? "";
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(AdminAccount user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(AdminAccount user, CancellationToken cancellationToken) =>
        Task.FromResult(user.LockoutEnd?.ToDateTimeOffset());

    public Task SetLockoutEndDateAsync(AdminAccount user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd is { } end ? Instant.FromDateTimeOffset(end) : null;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(AdminAccount user, CancellationToken cancellationToken) =>
        Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(AdminAccount user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(AdminAccount user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task SetSecurityStampAsync(AdminAccount user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(AdminAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public void Dispose()
    {
    }
}
