using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace OpenBooking.Tools.Hosting;

/// <summary>
/// Encrypts the Data Protection key ring at rest with a certificate when one is configured
/// (<c>DataProtection:CertificatePath</c>, a PFX file with its private key, and <c>DataProtection:CertificatePassword</c>):
/// the keys in the database or the data folder are then useless without the certificate. Checked at start: a missing
/// file, a wrong password or a certificate without a private key stops the app with a message naming the setting.
/// </summary>
internal static class KeyProtection
{
    public const string PathKey = "DataProtection:CertificatePath";
    public const string PasswordKey = "DataProtection:CertificatePassword";

    public static void Apply(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        if (configuration[PathKey] is not { Length: > 0 } path)
        {
            return;
        }
        var certificate = Load(path, configuration[PasswordKey]);
        dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{PathKey}: the certificate file '{path}' does not exist.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{PathKey}: '{path}' could not be read as a PFX file with {PasswordKey} ({ex.Message}).", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{PathKey}: the certificate in '{path}' has no private key, so the keys it encrypts could not be read back.");
        }
        return certificate;
    }
}
