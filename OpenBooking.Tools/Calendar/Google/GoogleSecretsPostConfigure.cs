using Microsoft.Extensions.Options;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar.Google;

/// <summary>Turns the OAuth client secret the dashboard stored protected back into its plain value when options bind.</summary>
internal sealed class GoogleSecretsPostConfigure(SecretSettings secrets) : IPostConfigureOptions<GoogleOptions>
{
    public void PostConfigure(string? name, GoogleOptions options) =>
        options.ClientSecret = secrets.Unprotect("Google:ClientSecret", options.ClientSecret);
}
