using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <summary>
    /// No schema change: the web app's entities moved to the namespace OpenBooking.Tools.Data.WebApp. Kept because
    /// its model (unlike those of the migrations merged from parallel branches before it) holds every table, so
    /// <c>dotnet ef migrations remove</c> rolls the snapshot back correctly from here on.
    /// </summary>
    public partial class WebAppModule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
