using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Email;

/// <summary>
/// Short-lived proof that a person controls an email address: <c>base64url(email|expiresTicks).base64url(HMAC-SHA256)</c>.
/// The key is 32 random bytes kept in the data directory (<c>keys/verification.key</c>), created on first use,
/// so tokens survive a restart and are shared by every process on the same data directory.
/// </summary>
public sealed class VerificationTokenService
{
    private readonly byte[] _key;
    private readonly IClock _clock;
    private readonly Duration _lifetime;

    public VerificationTokenService(DataDirectory dataDirectory, IClock clock, IOptions<OtpOptions> options)
    {
        _clock = clock;
        _lifetime = Duration.FromMinutes(options.Value.VerificationLifetimeMinutes);
        _key = LoadOrCreateKey(dataDirectory.Resolve(Path.Combine("keys", "verification.key")));
    }

    public (string Token, Instant ExpiresAt) Issue(string email)
    {
        var expiresAt = _clock.GetCurrentInstant() + _lifetime;
        var payload = Encoding.UTF8.GetBytes($"{EmailAddress.Normalize(email)}|{expiresAt.ToUnixTimeTicks()}");
        var signature = HMACSHA256.HashData(_key, payload);
        return ($"{Base64Url(payload)}.{Base64Url(signature)}", expiresAt);
    }

    /// <summary>The normalised email the token proves, or null when it is forged, malformed or expired.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Split('.') is not [var payloadPart, var signaturePart])
        {
            return null;
        }
        try
        {
            var payload = FromBase64Url(payloadPart);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), FromBase64Url(signaturePart)))
            {
                return null;
            }
            var text = Encoding.UTF8.GetString(payload);
            var bar = text.LastIndexOf('|');
            if (bar <= 0 || !long.TryParse(text[(bar + 1)..], out var ticks))
            {
                return null;
            }
            return Instant.FromUnixTimeTicks(ticks) > _clock.GetCurrentInstant() ? text[..bar] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(key);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return File.ReadAllBytes(path);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
