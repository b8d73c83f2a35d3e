using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace OpenBooking.Tools.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ChangeStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChangeStamps",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeStamps", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "ChangeStamps",
                columns: new[] { "Name", "Version" },
                values: new object[,]
                {
                    { "catalog", 0L },
                    { "settings", 0L }
                });

            // Every change to the services, closures and dashboard settings raises its stamp, whoever writes it.
            ChangeStamp.CreatePostgreSqlTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ChangeStamp.DropPostgreSqlTriggers(migrationBuilder);

            migrationBuilder.DropTable(
                name: "ChangeStamps");
        }
    }
}
