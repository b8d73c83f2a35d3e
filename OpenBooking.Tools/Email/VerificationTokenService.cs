using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using NodaTime;

namespace OpenBooking.Tools.Email;

/// <summary>
/// Short-lived proof that a person controls an email address: <c>email|expiresTicks</c> protected (encrypted and
/// authenticated) with ASP.NET Core Data Protection, so a token issued by one process is valid in every process that
/// shares the keys (the data directory on SQLite, the database on PostgreSQL) and survives a restart.
/// </summary>
public sealed class VerificationTokenService(IDataProtectionProvider dataProtection, IClock clock, IOptions<OtpOptions> options)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("OpenBooking.VerificationToken.v2");
    private readonly Duration _lifetime = Duration.FromMinutes(options.Value.VerificationLifetimeMinutes);

    public (string Token, Instant ExpiresAt) Issue(string email)
    {
        var expiresAt = clock.GetCurrentInstant() + _lifetime;
        var payload = System.Text.Encoding.UTF8.GetBytes($"{EmailAddress.Normalize(email)}|{expiresAt.ToUnixTimeTicks()}");
        return (WebEncoders.Base64UrlEncode(_protector.Protect(payload)), expiresAt);
    }

    /// <summary>The normalised email the token proves, or null when it is forged, malformed or expired.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            var bar = text.LastIndexOf('|');
            if (bar <= 0 || !long.TryParse(text[(bar + 1)..], out var ticks))
            {
                return null;
            }
            return Instant.FromUnixTimeTicks(ticks) > clock.GetCurrentInstant() ? text[..bar] : null;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
