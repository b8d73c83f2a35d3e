using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace OpenBooking.Tools.Data;

/// <summary>
/// Secrets among the dashboard settings (an SMTP password, a connection string) are stored encrypted with Data
/// Protection (keys in the data directory) as <c>protected:&lt;ciphertext&gt;</c>: <see cref="SettingsStore"/> protects
/// them on save, and the options that hold them unprotect them when they are bound (see
/// <c>EmailSecretsPostConfigure</c>). Values from files or environment variables stay as they are. Never log a value.
/// </summary>
public sealed class SecretSettings(IDataProtectionProvider dataProtection, ILogger<SecretSettings> logger)
{
    public const string Prefix = "protected:";

    /// <summary>The settings stored protected. A key added here needs its options to unprotect it too.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Email:Smtp:Password",
        "Email:AzureCommunicationServices:ConnectionString",
        "Google:ClientSecret",
        "Zapier:SigningSecret",
        "Agent:OpenAI:ApiKey",
    };

    public static bool IsSecret(string key) => Keys.Contains(key);

    /// <summary>The value to store for a secret setting (already protected values are kept).</summary>
    public string Protect(string key, string value) =>
        value.StartsWith(Prefix, StringComparison.Ordinal) ? value : Prefix + Protector(key).Protect(value);

    /// <summary>
    /// The plain secret from a stored value; a value without the prefix (from a file) is returned unchanged. A value
    /// that cannot be decrypted (the keys were lost or belong to another installation) reads as not set, with a warning.
    /// </summary>
    public string? Unprotect(string key, string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }
        try
        {
            return Protector(key).Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException)
        {
            logger.LogWarning(
                "The stored setting {Key} cannot be decrypted (were the keys in the data directory's keys/data-protection folder replaced?); enter it again in the dashboard",
                key);
            return null;
        }
    }

    // Each setting has its own purpose, so a ciphertext copied from one key to another does not decrypt.
    private IDataProtector Protector(string key) => dataProtection.CreateProtector("OpenBooking.Settings", key.ToLowerInvariant());
}
