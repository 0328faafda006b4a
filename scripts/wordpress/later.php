<?php
/*
 * The newsroom's next day after the first export: the flood story gets an update at the
 * end of its text, and a new follow-up story with its own photo is published. The second
 * export taken after this lets the importer's tests run an import again over changed content.
 */

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/lib.php';

wp_set_current_user( get_user_by( 'login', 'redaksi' )->ID );
$bayu  = get_user_by( 'login', 'bayu.saputra' )->ID;
$flood = get_page_by_path( 'banjir-rendam-tiga-desa-di-ngadiluwih-ratusan-warga-mengungsi', OBJECT, 'post' );

wpfix_edit(
	$flood->ID,
	array(
		'post_content' => str_replace(
			'(bsr1/yog)',
			"<strong>Pembaruan pukul 14.00 WIB:</strong> Air mulai surut di Desa Banggle. Warga Rembang dan Dawung masih bertahan di pengungsian.\n\n(bsr1/yog)",
			$flood->post_content
		),
	),
	'2026-10-14 14:05:00'
);

$follow_up = wpfix_post(
	array(
		'post_title'   => 'Air Mulai Surut, Warga Ngadiluwih Kembali Bersihkan Rumah',
		'post_author'  => $bayu,
		'post_date'    => '2026-10-15 07:30:00',
		'post_content' => 'placeholder',
	)
);
wp_set_post_terms( $follow_up, array( wpfix_term( 'Kediri Raya', 'category' ) ), 'category' );
wp_set_post_terms( $follow_up, array( 'banjir', 'Ngadiluwih' ), 'post_tag' );
$photo = wpfix_upload(
	'kerja-bakti-ngadiluwih.jpg',
	$follow_up,
	array(
		'title'   => 'Kerja bakti Ngadiluwih',
		'caption' => 'Warga Desa Rembang bergotong royong membersihkan lumpur, Rabu (15/10/2026).',
		'alt'     => 'Kerja bakti membersihkan lumpur',
		'colors'  => array( array( 120, 80, 40 ), array( 200, 190, 160 ) ),
		'author'  => $bayu,
	)
);
set_post_thumbnail( $follow_up, $photo );
wpfix_edit(
	$follow_up,
	array(
		'post_content' => "<strong>Kediri –</strong> Banjir yang merendam Desa Rembang, Ngadiluwih, mulai surut Rabu (15/10/2026) pagi. Warga kembali ke rumah dan bergotong royong membersihkan lumpur.\n\n"
			. wpfix_caption( $photo, 'medium', 'aligncenter' ) . "\n\n"
			. '<strong>Baca Juga: <a href="' . get_permalink( $flood->ID ) . '">' . $flood->post_title . "</a></strong>\n\n"
			. '(bsr1/yog)',
	),
	'2026-10-15 07:30:00'
);

printf( "%-45s %d\n%-45s %d\n%-45s %d\n", 'edited (classic flood)', $flood->ID, 'new post', $follow_up, 'image kerja-bakti-ngadiluwih.jpg', $photo );
