<?php
/*
 * Installs a fresh WordPress site into the empty `wordpress` database and sets it up the
 * way an Indonesian regional newsroom runs it: Asia/Jakarta time, /%year%/%monthnum%/%day%/%postname%/
 * permalinks, Indonesian site language. Removes the installer's sample content so the
 * fixture holds only the content made by content.php.
 */

define( 'WP_INSTALLING', true );
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$wpfix_url = 'http://' . $wpfix_host;

// As wp-admin/install.php does after the language step, so the defaults are in Indonesian.
load_default_textdomain( 'id_ID' );
$result = wp_install( 'Kabar Kediri', 'redaksi', 'redaksi@kabarkediri.test', 1, '', 'redaksi-fixture-only', 'id_ID' );
update_option( 'siteurl', $wpfix_url );
update_option( 'home', $wpfix_url );
update_option( 'blogdescription', 'Berita Kediri Raya Hari Ini' );
update_option( 'timezone_string', 'Asia/Jakarta' );
update_option( 'gmt_offset', '' );
update_option( 'date_format', 'j F Y' );
update_option( 'time_format', 'H:i' );
update_option( 'start_of_week', '1' );
update_option( 'permalink_structure', '/%year%/%monthnum%/%day%/%postname%/' );
update_option( 'posts_per_page', '12' );

wp_update_user(
	array(
		'ID'           => $result['user_id'],
		'first_name'   => 'Redaksi',
		'last_name'    => 'Kabar Kediri',
		'display_name' => 'Redaksi Kabar Kediri',
		'nickname'     => 'Redaksi',
	)
);

// The installer's "Hello world!", "Sample Page" and privacy-policy draft (and its comment).
foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $sample ) {
	wp_delete_post( $sample->ID, true );
}

echo 'WordPress ' . get_bloginfo( 'version' ) . ' installed at ' . home_url( '/' ) . "\n";
