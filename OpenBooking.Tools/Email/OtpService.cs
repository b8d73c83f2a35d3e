using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Mcp;

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

/// <summary>Why a code was not issued.</summary>
public enum OtpLimit
{
    /// <summary>A code went to this email less than <see cref="OtpOptions.ResendCooldownSeconds"/> ago.</summary>
    Cooldown,

    /// <summary>This email had <see cref="OtpOptions.MaxCodesPerEmailPerHour"/> codes in the last hour.</summary>
    PerEmail,

    /// <summary>This client address asked for <see cref="OtpOptions.MaxCodesPerAddressPerHour"/> codes in the last hour.</summary>
    PerAddress,
}

/// <summary>A new code to send, or the limit that refused it and how long until a code can be issued again.</summary>
public sealed record OtpIssue
{
    /// <summary>The plain code to email; null when refused.</summary>
    public string? Code { get; init; }

    public OtpLimit? Limit { get; init; }

    /// <summary>When refused: how long until this request would succeed.</summary>
    public Duration RetryAfter { get; init; }

    public bool Issued => Code is not null;

    internal Guid ChallengeId { get; init; }
    internal long AuditId { get; init; }
}

/// <summary>
/// Issues and checks one-time codes. Codes come from a cryptographic source, only a salted SHA-256 hash is stored,
/// and they are compared in constant time; a code lives <see cref="OtpOptions.CodeLifetimeMinutes"/> and allows
/// <see cref="OtpOptions.MaxAttempts"/> wrong tries. A new code replaces any earlier one for the email. Issuing is
/// limited by a resend cooldown and hourly limits per email and per client address, counted from the audit trail
/// (<see cref="OtpAuditEntry"/>), which records every request and every check. Nothing here looks at customers or
/// bookings, so no answer depends on whether an email has any.
/// </summary>
public sealed class OtpService(
    IDbContextFactory<OpenBookingDbContext> dbFactory,
    IClock clock,
    IOptions<OtpOptions> options,
    VerificationTokenService tokens)
{
    private static readonly Duration Hour = Duration.FromHours(1);

    // Checking the limits and recording the new code is one step: two requests at once cannot both pass the last free slot
    // (in this process this semaphore; across instances the transaction's lock, see IssueInTransactionAsync).
    private readonly SemaphoreSlim _issuing = new(1, 1);

    /// <summary>Creates a new code for the email (returned plain, for sending), unless a limit refuses it.</summary>
    /// <param name="clientAddress">Who asks (see <c>ToolCaller.ClientAddress</c>); the per-address limit counts by it.</param>
    public async Task<OtpIssue> IssueAsync(string email, string clientAddress, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.Normalize(email);
        await _issuing.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.InTransactionAsync(async transaction =>
            {
                var issue = await IssueInTransactionAsync(db, email, clientAddress, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return issue;
            }, cancellationToken);
        }
        finally
        {
            _issuing.Release();
        }
    }

    /// <summary>
    /// Checks the limits and records the new code in one transaction that one issuer at a time holds, across instances:
    /// on PostgreSQL a transaction-scoped advisory lock, on SQLite the file's write lock, which the first statement (a
    /// delete) takes.
    /// </summary>
    private async Task<OtpIssue> IssueInTransactionAsync(OpenBookingDbContext db, string email, string clientAddress, CancellationToken cancellationToken)
    {
        if (db.IsPostgreSql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('openbooking.otp'))", cancellationToken);
        }
        var now = clock.GetCurrentInstant();
        var retainedFrom = now - Duration.FromDays(options.Value.AuditRetentionDays);
        await db.OtpAuditEntries.Where(e => e.At < retainedFrom).ExecuteDeleteAsync(cancellationToken);

        if (await FindLimitAsync(db, email, clientAddress, now, cancellationToken) is { } refused)
        {
            db.OtpAuditEntries.Add(Audit(email, clientAddress, refused.Limit switch
            {
                OtpLimit.Cooldown => OtpAuditOutcome.Cooldown,
                OtpLimit.PerEmail => OtpAuditOutcome.EmailLimit,
                _ => OtpAuditOutcome.AddressLimit,
            }, now));
            await db.SaveChangesAsync(cancellationToken);
            return new OtpIssue { Limit = refused.Limit, RetryAfter = refused.RetryAfter };
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var salt = RandomNumberGenerator.GetHexString(16, lowercase: true);
        await db.OtpChallenges
            .Where(c => c.Email == email && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), cancellationToken);
        var challenge = new OtpChallenge
        {
            Email = email,
            Salt = salt,
            CodeHash = Hash(code, salt),
            CreatedAt = now,
            ExpiresAt = now + Duration.FromMinutes(options.Value.CodeLifetimeMinutes),
        };
        db.OtpChallenges.Add(challenge);
        // Counted as sent from now on (so a parallel request sees it); withdrawn if the email is not accepted.
        var audit = Audit(email, clientAddress, OtpAuditOutcome.Sent, now);
        db.OtpAuditEntries.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        return new OtpIssue { Code = code, ChallengeId = challenge.Id, AuditId = audit.Id };
    }

    /// <summary>The email with the code was not accepted: the code is withdrawn and the request recorded as failed.</summary>
    public async Task ReportUndeliveredAsync(OtpIssue issue, CancellationToken cancellationToken = default)
    {
        if (!issue.Issued)
        {
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.OtpChallenges
            .Where(c => c.Id == issue.ChallengeId && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), cancellationToken);
        await db.OtpAuditEntries
            .Where(e => e.Id == issue.AuditId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Outcome, OtpAuditOutcome.DeliveryFailed), cancellationToken);
    }

    public async Task<OtpVerification> VerifyAsync(string email, string code, string clientAddress, CancellationToken cancellationToken = default)
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

        async Task<OtpVerification> RecordAsync(OtpAuditOutcome outcome, OtpVerification result)
        {
            db.OtpAuditEntries.Add(Audit(email, clientAddress, outcome, now));
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }

        if (challenge is null)
        {
            return await RecordAsync(OtpAuditOutcome.NoCode, new OtpVerification(OtpVerificationStatus.NoCodeSent));
        }
        if (challenge.ExpiresAt <= now)
        {
            return await RecordAsync(OtpAuditOutcome.Expired, new OtpVerification(OtpVerificationStatus.Expired));
        }
        if (challenge.FailedAttempts >= maxAttempts)
        {
            return await RecordAsync(OtpAuditOutcome.AttemptsExhausted, new OtpVerification(OtpVerificationStatus.TooManyAttempts));
        }

        var matches = CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(Hash(code, challenge.Salt)), Convert.FromHexString(challenge.CodeHash));
        if (!matches)
        {
            challenge.FailedAttempts++;
            var left = maxAttempts - challenge.FailedAttempts;
            return await RecordAsync(OtpAuditOutcome.WrongCode,
                new OtpVerification(left > 0 ? OtpVerificationStatus.WrongCode : OtpVerificationStatus.TooManyAttempts, left));
        }

        challenge.ConsumedAt = now;
        await RecordAsync(OtpAuditOutcome.Verified, new OtpVerification(OtpVerificationStatus.Verified));
        await db.GetOrAddCustomerAsync(email, now, cancellationToken);
        var (token, expiresAt) = tokens.Issue(email);
        return new OtpVerification(OtpVerificationStatus.Verified, maxAttempts - challenge.FailedAttempts, token, expiresAt);
    }

    /// <summary>The limit that refuses a code now, with the longest wait when several do; null when a code may go.</summary>
    private async Task<(OtpLimit Limit, Duration RetryAfter)?> FindLimitAsync(
        OpenBookingDbContext db, string email, string clientAddress, Instant now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var hourAgo = now - Hour;
        var refusals = new List<(OtpLimit Limit, Duration RetryAfter)>();

        // The sent codes of this email in the last hour, newest first: the newest starts the cooldown, and when there
        // are as many as allowed, the oldest of them leaving the hour frees a place.
        var sentToEmail = await db.OtpAuditEntries
            .Where(e => e.Email == email && e.Outcome == OtpAuditOutcome.Sent && e.At > hourAgo)
            .OrderByDescending(e => e.At)
            .Select(e => e.At)
            .Take(settings.MaxCodesPerEmailPerHour)
            .ToListAsync(cancellationToken);
        var cooldown = Duration.FromSeconds(settings.ResendCooldownSeconds);
        if (sentToEmail.Count > 0 && sentToEmail[0] + cooldown > now)
        {
            refusals.Add((OtpLimit.Cooldown, sentToEmail[0] + cooldown - now));
        }
        if (sentToEmail.Count >= settings.MaxCodesPerEmailPerHour)
        {
            refusals.Add((OtpLimit.PerEmail, sentToEmail[^1] + Hour - now));
        }

        // Failed deliveries count here too: they still cost the provider a request.
        var askedByAddress = await db.OtpAuditEntries
            .Where(e => e.ClientAddress == clientAddress && (e.Outcome == OtpAuditOutcome.Sent || e.Outcome == OtpAuditOutcome.DeliveryFailed) && e.At > hourAgo)
            .OrderByDescending(e => e.At)
            .Select(e => e.At)
            .Take(settings.MaxCodesPerAddressPerHour)
            .ToListAsync(cancellationToken);
        if (askedByAddress.Count >= settings.MaxCodesPerAddressPerHour)
        {
            refusals.Add((OtpLimit.PerAddress, askedByAddress[^1] + Hour - now));
        }

        return refusals.Count == 0 ? null : refusals.MaxBy(r => r.RetryAfter);
    }

    private static OtpAuditEntry Audit(string email, string clientAddress, OtpAuditOutcome outcome, Instant at) => new()
    {
        Email = email,
        ClientAddress = clientAddress.Length > 64 ? clientAddress[..64] : clientAddress,
        Outcome = outcome,
        At = at,
    };

    private static string Hash(string code, string salt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + code)));
}
