using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tests.Tools.Hosting;

/// <summary>The Data Protection key ring encrypted at rest with a configured certificate, and a bad certificate refused at start.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private const string Password = "pfx-test-password";
    private readonly string _folder = TempFolder.Create();

    private string CreateCertificate(bool withPrivateKey = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=OpenBooking keys", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, withPrivateKey ? "keys.pfx" : "public.pfx");
        var bytes = withPrivateKey
            ? certificate.Export(X509ContentType.Pfx, Password)
            : X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)).Export(X509ContentType.Pfx, Password);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Dictionary<string, string?> With(string path) => new()
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = Password,
    };

    [Fact]
    public async Task CertificateConfigured_KeysAreStoredEncryptedAndReadBackByTheNextStart()
    {
        var settings = With(CreateCertificate());
        string protectedSecret;
        string dataDirectory;
        await using (var first = await ToolsTestHost.StartAsync(settings: settings))
        {
            dataDirectory = first.DataDirectory;
            protectedSecret = first.Get<SecretSettings>().Protect("Google:ClientSecret", "s3cret-value");
            await using var second = await ToolsTestHost.StartAsync(settings: settings, dataDirectory: dataDirectory);

            Assert.Equal("s3cret-value", second.Get<SecretSettings>().Unprotect("Google:ClientSecret", protectedSecret));
            var keyFiles = Directory.GetFiles(Path.Combine(dataDirectory, "keys", "data-protection"), "*.xml");
            var xml = await File.ReadAllTextAsync(Assert.Single(keyFiles));
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("unencrypted form", xml);
        }
    }

    [Fact]
    public async Task CertificateFileMissing_StartFailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ToolsTestHost.StartAsync(settings: With(Path.Combine(_folder, "nowhere.pfx"))));

        Assert.Contains("DataProtection:CertificatePath", error.ToString());
        Assert.Contains("does not exist", error.ToString());
    }

    [Fact]
    public async Task CertificateWithoutPrivateKey_StartFailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ToolsTestHost.StartAsync(settings: With(CreateCertificate(withPrivateKey: false))));

        Assert.Contains("DataProtection:CertificatePath", error.ToString());
        Assert.Contains("no private key", error.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
