using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Email;

public enum OtpVerificationStatus
{
    Verified,
    WrongCode,
    Expired,
    TooManyAttempts,
    NoCodeSent,
}

public sealed record OtpVerification(OtpVerificationStatus Status, int AttemptsLeft = 0, string? VerificationToken = null, Instant? TokenExpiresAt = null);

/// <summary>
/// Issues and checks one-time codes. Codes come from a cryptographic source, only a salted SHA-256 hash is
/// stored, and they are compared in constant time. A new code replaces any earlier one for the email.
/// </summary>
public sealed class OtpService(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IClock clock,
    IOptions<OtpOptions> options,
    VerificationTokenService tokens)
{
    /// <summary>Creates a new code for the email and returns it (plain) for sending.</summary>
    public async Task<string> IssueAsync(string email, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var salt = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var now = clock.GetCurrentInstant();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.OtpChallenges
            .Where(c => c.Email == email && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), cancellationToken);
        db.OtpChallenges.Add(new OtpChallenge
        {
            Email = email,
            Salt = salt,
            CodeHash = Hash(code, salt),
            CreatedAt = now,
            ExpiresAt = now + Duration.FromMinutes(options.Value.CodeLifetimeMinutes),
        });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    public async Task<OtpVerification> VerifyAsync(string email, string code, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        code = new string(code.Where(char.IsAsciiDigit).ToArray());
        var now = clock.GetCurrentInstant();
        var maxAttempts = options.Value.MaxAttempts;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var challenge = await db.OtpChallenges
            .Where(c => c.Email == email && c.ConsumedAt == null)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

        if (challenge is null)
        {
            return new OtpVerification(OtpVerificationStatus.NoCodeSent);
        }
        if (challenge.ExpiresAt <= now)
        {
            return new OtpVerification(OtpVerificationStatus.Expired);
        }
        if (challenge.FailedAttempts >= maxAttempts)
        {
            return new OtpVerification(OtpVerificationStatus.TooManyAttempts);
        }

        var matches = CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(Hash(code, challenge.Salt)), Convert.FromHexString(challenge.CodeHash));
        if (!matches)
        {
            challenge.FailedAttempts++;
            await db.SaveChangesAsync(cancellationToken);
            var left = maxAttempts - challenge.FailedAttempts;
            return new OtpVerification(left > 0 ? OtpVerificationStatus.WrongCode : OtpVerificationStatus.TooManyAttempts, left);
        }

        challenge.ConsumedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await db.GetOrAddCustomerAsync(email, now, cancellationToken);
        var (token, expiresAt) = tokens.Issue(email);
        return new OtpVerification(OtpVerificationStatus.Verified, maxAttempts - challenge.FailedAttempts, token, expiresAt);
    }

    private static string Hash(string code, string salt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + code)));
}
