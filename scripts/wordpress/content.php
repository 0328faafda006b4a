<?php
/*
 * Fills the fresh site with the content an Indonesian regional newsroom has: authors,
 * rubrik categories with a hierarchy, tags, classic-editor and block-editor posts,
 * captions, galleries, YouTube in every form WordPress accepts, advertorials, posts in
 * every status, pages, comments, a menu and uploaded pictures. Prints the ids it made.
 */

require __DIR__ . '/bootstrap.php';
require __DIR__ . '/lib.php';

$ids = array();

// People: the admin "redaksi" exists from install.php.
$redaksi = get_user_by( 'login', 'redaksi' )->ID;
wp_set_current_user( $redaksi );
$people = array(
	'bayu'  => array( 'bayu.saputra', 'Bayu', 'Saputra', 'author' ),
	'ratna' => array( 'ratna', 'Ratna Dewi', 'Lestari', 'editor' ),
	'anton' => array( 'anton.wijaya', 'Anton', 'Wijaya', 'contributor' ),
);
foreach ( $people as $key => list( $login, $first, $last, $role ) ) {
	$ids[ 'user ' . $login ] = $$key = wpfix_check(
		wp_insert_user(
			array(
				'user_login'   => $login,
				'user_pass'    => 'fixture-only-' . $login,
				'user_email'   => $login . '@kabarkediri.test',
				'first_name'   => $first,
				'last_name'    => $last,
				'display_name' => "$first $last",
				'role'         => $role,
			)
		),
		"user $login"
	);
}

// Rubrik: Berita is the parent of Kediri Raya and Nganjuk.
$berita = wpfix_check( wp_insert_term( 'Berita', 'category', array( 'description' => 'Berita terkini Kediri dan sekitarnya' ) ), 'category' )['term_id'];
wp_insert_term( 'Kediri Raya', 'category', array( 'parent' => $berita, 'description' => 'Kota dan Kabupaten Kediri' ) );
wp_insert_term( 'Nganjuk', 'category', array( 'parent' => $berita ) );
wp_insert_term( 'Ekonomi', 'category' );
wp_insert_term( 'Olahraga', 'category' );
wp_insert_term( 'Kuliner', 'category' );
wp_insert_term( 'Advertorial', 'category', array( 'description' => 'Konten berbayar dari mitra' ) );
foreach ( array( 'banjir', 'Ngadiluwih', 'Persik Kediri', 'Gunung Kelud', 'wisata', 'UMKM', 'Iklan', 'UMK', 'tahu takwa', 'jalan rusak' ) as $tag ) {
	wp_insert_term( $tag, 'post_tag' );
}
$cat = fn( ...$names ) => array_map( fn( $n ) => wpfix_term( $n, 'category' ), $names );

// 1. Classic editor: wpautop text, [caption], <!--more-->, excerpt, featured image, Yoast, comments.
$p1 = $ids['classic flood'] = wpfix_post(
	array(
		'post_title'   => 'Banjir Rendam Tiga Desa di Ngadiluwih, Ratusan Warga Mengungsi',
		'post_name'    => 'banjir-rendam-tiga-desa-di-ngadiluwih-ratusan-warga-mengungsi',
		'post_author'  => $bayu,
		'post_date'    => '2026-10-14 08:15:00',
		'post_content' => 'placeholder',
		'post_excerpt' => 'Hujan deras sejak Senin malam membuat Sungai Brantas meluap. Tiga desa di Kecamatan Ngadiluwih terendam hingga setinggi lutut orang dewasa.',
		'meta'         => array(
			'_yoast_wpseo_title'     => 'Banjir Rendam Tiga Desa di Ngadiluwih %%sep%% %%sitename%%',
			'_yoast_wpseo_metadesc'  => 'Ratusan warga Ngadiluwih, Kabupaten Kediri, mengungsi setelah banjir merendam tiga desa.',
			'_yoast_wpseo_focuskw'   => 'banjir ngadiluwih',
			'post_views_count'       => '1874',
		),
	)
);
wp_set_post_terms( $p1, $cat( 'Kediri Raya' ), 'category' );
wp_set_post_terms( $p1, array( 'banjir', 'Ngadiluwih' ), 'post_tag' );
update_post_meta( $p1, '_yoast_wpseo_primary_category', (string) wpfix_term( 'Kediri Raya', 'category' ) );
$flood_photo = $ids['image IMG_20261014_0815.jpg'] = wpfix_upload(
	'IMG_20261014_0815.jpg',
	$p1,
	array(
		'title'   => 'IMG_20261014_0815',
		'caption' => 'Warga menyelamatkan barang dari rumah yang terendam di Desa Rembang, Ngadiluwih, Selasa (14/10/2026). (Foto: Bayu Saputra)',
		'alt'     => 'Banjir di Desa Rembang Ngadiluwih',
		'author'  => $bayu,
	)
);
$flood_map = $ids['image peta-banjir-ngadiluwih.jpg'] = wpfix_upload(
	'peta-banjir-ngadiluwih.jpg',
	$p1,
	array(
		'title'   => 'Peta banjir Ngadiluwih',
		'alt'     => 'Peta desa terdampak banjir',
		'colors'  => array( array( 230, 230, 210 ), array( 120, 170, 120 ) ),
		'author'  => $bayu,
	)
);
set_post_thumbnail( $p1, $flood_photo );
wpfix_edit(
	$p1,
	array(
		'post_content' => (
			"<strong>Kediri –</strong> Hujan deras yang mengguyur sejak Senin (13/10/2026) malam membuat Sungai Brantas meluap. Tiga desa di Kecamatan Ngadiluwih, yakni Rembang, Banggle, dan Dawung, terendam air setinggi lutut orang dewasa.\n\n"
			. wpfix_caption( $flood_photo, 'medium', 'aligncenter' ) . "\n\n"
			. "Kepala Pelaksana BPBD Kabupaten Kediri, Randy Agatha, mengatakan sedikitnya 312 jiwa mengungsi ke balai desa dan masjid terdekat. \"Kami sudah mendirikan dapur umum dan posko kesehatan,\" ujarnya.\n"
			. "Petugas gabungan TNI, Polri, dan relawan masih menyisir rumah warga yang terisolasi.\n\n"
			. "<!--more-->\n\n"
			. "Menurut warga, banjir kali ini lebih parah dibanding tahun lalu. Tanggul di sisi barat desa jebol sepanjang 15 meter.\n\n"
			. wpfix_img( $flood_map, 'medium', 'alignright' ) . "\n\n"
			. "BPBD mencatat kerugian sementara:\n"
			. "<ul>\n\t<li>87 rumah terendam</li>\n\t<li>24 hektare sawah gagal panen</li>\n\t<li>2 jembatan desa rusak ringan</li>\n</ul>\n"
			. "Warga diimbau tetap waspada karena BMKG memperkirakan hujan lebat masih turun hingga akhir pekan.\n\n"
			. '(bsr1/yog)'
		),
	),
	'2026-10-14 08:15:00'
);

// 2. Classic editor: [gallery], YouTube alone on a line, [embed], [youtube], an unknown shortcode.
$p2 = $ids['classic sport'] = wpfix_post(
	array(
		'post_title'   => 'Persik Kediri Tekuk Tamu 2-1, Suporter Padati Stadion Brawijaya',
		'post_author'  => $bayu,
		'post_date'    => '2026-10-19 21:30:00',
		'post_content' => 'placeholder',
		'meta'         => array(
			'rank_math_title'            => '%title% %sep% Olahraga %sep% %sitename%',
			'rank_math_description'      => 'Persik Kediri menang 2-1 di Stadion Brawijaya berkat gol di menit akhir.',
			'rank_math_focus_keyword'    => 'persik kediri',
		),
	)
);
wp_set_post_terms( $p2, $cat( 'Olahraga' ), 'category' );
wp_set_post_terms( $p2, array( 'Persik Kediri' ), 'post_tag' );
set_post_format( $p2, 'video' );
$gallery = array();
foreach ( array( 1, 2, 3 ) as $n ) {
	$gallery[] = $ids["image persik-vs-tamu-$n.jpg"] = wpfix_upload(
		"persik-vs-tamu-$n.jpg",
		$p2,
		array(
			'title'   => "Persik vs tamu $n",
			'caption' => "Laga Persik Kediri di Stadion Brawijaya ($n/3).",
			'alt'     => "Pertandingan Persik Kediri foto $n",
			'colors'  => array( array( 150, 20, 120 ), array( 60, 160, 60 ) ),
			'author'  => $bayu,
		)
	);
}
wpfix_edit(
	$p2,
	array(
		'post_content' => "<strong>Kediri –</strong> Persik Kediri menundukkan tamunya 2-1 dalam lanjutan Liga 1 di Stadion Brawijaya, Minggu (19/10/2026) malam. Gol kemenangan lahir di menit ke-88.\n\n"
			. '[gallery columns="3" link="file" size="medium" ids="' . implode( ',', $gallery ) . "\"]\n\n"
			. "Simak cuplikan golnya:\n\n"
			. "https://www.youtube.com/watch?v=Q7vXo3lKcPg\n\n"
			. "Pelatih Persik menyebut kemenangan ini hasil kerja keras seluruh pemain. \"Anak-anak tidak menyerah sampai peluit akhir,\" katanya dalam jumpa pers.\n\n"
			. "[embed]https://youtu.be/Zr8aQ2m1TfE[/embed]\n\n"
			. "Wawancara lengkap usai laga:\n\n"
			. "[youtube https://www.youtube.com/watch?v=b3Lk9PqA2xs&w=640&h=360]\n\n"
			. "Bagaimana menurut Anda penampilan Persik malam ini?\n\n"
			. "[polling id=\"12\" tampil=\"hasil\"]\n\n"
			. '(bsr2/yog)',
	),
	'2026-10-19 21:30:00'
);

// 3. Block editor: paragraph, heading, image, more, gallery, YouTube embed, quote; sticky.
$p3 = $ids['block festival'] = wpfix_post(
	array(
		'post_title'   => 'Festival Kelud 2026 Dibuka, Ribuan Wisatawan Padati Lereng Gunung',
		'post_author'  => $ratna,
		'post_date'    => '2026-10-25 07:00:00',
		'post_content' => '',
		'post_excerpt' => '',
		'meta'         => array(
			'_yoast_wpseo_title'    => '%%title%% %%sep%% %%sitename%%',
			'_yoast_wpseo_metadesc' => 'Festival Kelud 2026 resmi dibuka. Ribuan wisatawan memadati kawasan wisata Gunung Kelud.',
		),
	)
);
wp_set_post_terms( $p3, $cat( 'Berita', 'Kediri Raya' ), 'category' );
wp_set_post_terms( $p3, array( 'Gunung Kelud', 'wisata' ), 'post_tag' );
stick_post( $p3 );
$kelud = $ids['image festival-kelud-2026.jpg'] = wpfix_upload(
	'festival-kelud-2026.jpg',
	$p3,
	array(
		'title'   => 'Festival Kelud 2026',
		'caption' => 'Ritual sesaji di kawah Gunung Kelud membuka Festival Kelud 2026.',
		'alt'     => 'Ritual sesaji Festival Kelud',
		'colors'  => array( array( 90, 140, 200 ), array( 90, 110, 60 ) ),
		'author'  => $ratna,
	)
);
$kelud_2 = $ids['image kelud-tari-jaranan.jpg'] = wpfix_upload( 'kelud-tari-jaranan.jpg', $p3, array( 'title' => 'Tari jaranan', 'alt' => 'Tari jaranan', 'colors' => array( array( 200, 60, 40 ), array( 250, 200, 80 ) ), 'author' => $ratna ) );
$kelud_3 = $ids['image kelud-pengunjung.jpg'] = wpfix_upload( 'kelud-pengunjung.jpg', $p3, array( 'title' => 'Pengunjung Kelud', 'alt' => 'Pengunjung di kawah Kelud', 'colors' => array( array( 30, 30, 80 ), array( 180, 180, 220 ) ), 'author' => $ratna ) );
set_post_thumbnail( $p3, $kelud );
wpfix_edit(
	$p3,
	array(
		'post_content' => wpfix_blocks(
			wpfix_paragraph_block( '<strong>Kediri –</strong> Festival Kelud 2026 resmi dibuka Bupati Kediri, Sabtu (25/10/2026) pagi. Ribuan wisatawan memadati kawasan wisata Gunung Kelud sejak subuh untuk menyaksikan ritual sesaji.' ),
			wpfix_image_block( $kelud ),
			"<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->",
			wpfix_heading_block( 'Tradisi Sesaji dan Jaranan' ),
			wpfix_paragraph_block( 'Rangkaian acara diawali arak-arakan sesaji hasil bumi dari Desa Sugihwaras. Setelah itu, puluhan penari jaranan tampil di panggung utama.' ),
			wpfix_gallery_block( array( $kelud_2, $kelud_3 ), 'Suasana Festival Kelud 2026.' ),
			wpfix_heading_block( 'Video', 3 ),
			wpfix_youtube_block( 'https://www.youtube.com/watch?v=H4sWq0mYbXo', 'Pembukaan Festival Kelud 2026.' ),
			"<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\">"
				. wpfix_paragraph_block( 'Kelud bukan hanya gunung, tetapi bagian dari jati diri masyarakat Kediri.' )
				. "<cite>Bupati Kediri</cite></blockquote>\n<!-- /wp:quote -->",
			wpfix_paragraph_block( '(rtn/yog)' )
		),
	),
	'2026-10-25 09:40:00'
);
add_comment_meta(
	wp_insert_comment(
		array(
			'comment_post_ID'      => $p3,
			'comment_author'       => 'Siti Aminah',
			'comment_author_email' => 'siti.aminah@example.com',
			'comment_author_url'   => '',
			'comment_author_IP'    => '192.0.2.21',
			'comment_content'      => 'Tahun depan harus datang lagi! Jaranannya keren sekali 🙏',
			'comment_date'         => '2026-10-25 12:03:00',
			'comment_approved'     => 1,
		)
	),
	'rating',
	'5'
);

// 4. Advertorial by category.
$p4 = $ids['advertorial by category'] = wpfix_post(
	array(
		'post_title'   => 'Bank Jatim Cabang Kediri Salurkan KUR Rp 50 Miliar untuk UMKM',
		'post_author'  => $redaksi,
		'post_date'    => '2026-10-28 10:00:00',
		'post_content' => 'placeholder',
		'comment_status' => 'closed',
	)
);
wp_set_post_terms( $p4, $cat( 'Advertorial' ), 'category' );
wp_set_post_terms( $p4, array( 'UMKM' ), 'post_tag' );
$kur = $ids['image bank-jatim-kur.jpg'] = wpfix_upload( 'bank-jatim-kur.jpg', $p4, array( 'title' => 'Bank Jatim KUR', 'alt' => 'Penyerahan KUR Bank Jatim', 'colors' => array( array( 10, 60, 130 ), array( 240, 240, 240 ) ) ) );
set_post_thumbnail( $p4, $kur );
wpfix_edit(
	$p4,
	array(
		'post_content' => "<strong>Kediri –</strong> Bank Jatim Cabang Kediri menyalurkan Kredit Usaha Rakyat (KUR) senilai Rp 50 miliar kepada lebih dari 1.200 pelaku UMKM sepanjang 2026.\n\n"
			. "Pemimpin Cabang Bank Jatim Kediri menyampaikan, bunga KUR tetap 6 persen per tahun dan pengajuan bisa dilakukan di seluruh kantor kas.\n\n"
			. "Informasi lebih lanjut: <a href=\"https://www.bankjatim.co.id\" target=\"_blank\" rel=\"noopener\">www.bankjatim.co.id</a>\n\n"
			. '(bsr1/adv)',
	),
	'2026-10-28 10:00:00'
);

// 5. Advertorial by title only: "[ADV]" prefix, ordinary category.
$p5 = $ids['advertorial by [ADV] title'] = wpfix_post(
	array(
		'post_title'   => '[ADV] Grand Opening Toko Emas Sinar Mulia di Jalan Dhoho, Ada Diskon Ongkos Bikin',
		'post_author'  => $redaksi,
		'post_date'    => '2026-11-02 09:00:00',
		'post_content' => 'placeholder',
		'comment_status' => 'closed',
	)
);
wp_set_post_terms( $p5, $cat( 'Ekonomi' ), 'category' );
$emas = $ids['image toko-emas-sinar-mulia.jpg'] = wpfix_upload( 'toko-emas-sinar-mulia.jpg', $p5, array( 'title' => 'Toko Emas Sinar Mulia', 'alt' => 'Toko Emas Sinar Mulia', 'colors' => array( array( 120, 90, 10 ), array( 250, 220, 120 ) ) ) );
set_post_thumbnail( $p5, $emas );
wpfix_edit(
	$p5,
	array(
		'post_content' => "<strong>Kediri –</strong> Toko Emas Sinar Mulia resmi membuka gerai barunya di Jalan Dhoho No. 112, Kota Kediri, Senin (2/11/2026). Selama sepekan pembukaan, pembeli mendapat potongan ongkos bikin hingga 50 persen.\n\n"
			. wpfix_img( $emas, 'full', 'aligncenter' ) . "\n\n"
			. "Buka setiap hari pukul 08.00–20.00 WIB.\n\n"
			. '(adv)',
	),
	'2026-11-02 09:00:00'
);

// 6. Advertorial by tag only: tagged "Iklan", block editor.
$p6 = $ids['advertorial by Iklan tag'] = wpfix_post(
	array(
		'post_title'   => 'Promo Akhir Tahun, Dealer Motor di Kediri Beri Potongan Uang Muka',
		'post_author'  => $redaksi,
		'post_date'    => '2026-11-05 13:00:00',
		'post_content' => wpfix_blocks(
			wpfix_paragraph_block( '<strong>Kediri –</strong> Menjelang akhir tahun, sejumlah dealer sepeda motor di Kediri menawarkan potongan uang muka hingga Rp 1,5 juta.' ),
			wpfix_heading_block( 'Syarat dan Ketentuan', 3 ),
			"<!-- wp:list -->\n<ul><li>Berlaku 5 November hingga 31 Desember 2026</li><li>KTP dan KK wilayah Kediri Raya</li><li>Tidak dapat digabung dengan promo lain</li></ul>\n<!-- /wp:list -->",
			wpfix_paragraph_block( '(adv)' )
		),
		'comment_status' => 'closed',
	)
);
wp_set_post_terms( $p6, $cat( 'Ekonomi' ), 'category' );
wp_set_post_terms( $p6, array( 'Iklan' ), 'post_tag' );

// 7. Classic editor, several pages with <!--nextpage-->.
$p7 = $ids['classic nextpage'] = wpfix_post(
	array(
		'post_title'   => 'Mengenal Tahu Takwa, Kuliner Legendaris Khas Kediri',
		'post_author'  => $ratna,
		'post_date'    => '2026-11-08 16:00:00',
		'post_content' => "<strong>Kediri –</strong> Tahu takwa berwarna kuning dengan tekstur padat menjadi oleh-oleh wajib bagi siapa pun yang berkunjung ke Kediri.\n\n"
			. "Nama \"takwa\" konon berasal dari kata Tionghoa \"tahu kwa\" yang berarti tahu kuning.\n\n"
			. "<!--nextpage-->\n\n"
			. "<h3>Proses Pembuatan</h3>\n"
			. "Kedelai direndam semalam, digiling, lalu direbus. Setelah dicetak, tahu direbus kembali dengan air kunyit hingga berwarna kuning merata.\n\n"
			. "<!--nextpage-->\n\n"
			. "<h3>Tempat Membeli</h3>\n"
			. "Sentra tahu takwa ada di Kelurahan Tinalan dan Pocanan. Harga per biji mulai Rp 1.500.\n\n"
			. '(rtn/yog)',
	)
);
wp_set_post_terms( $p7, $cat( 'Kuliner' ), 'category' );
wp_set_post_terms( $p7, array( 'tahu takwa', 'wisata' ), 'post_tag' );

// 8. Slug changed after publishing (WordPress keeps _wp_old_slug); a table and a linked image.
$p8 = $ids['slug changed'] = wpfix_post(
	array(
		'post_title'   => 'UMK Kabupaten Kediri 2027 Naik',
		'post_name'    => 'umk-kabupaten-kediri-2027-naik',
		'post_author'  => $bayu,
		'post_date'    => '2026-11-10 11:00:00',
		'post_content' => 'Kediri – UMK Kabupaten Kediri 2027 naik. Berita selengkapnya menyusul.',
	)
);
wp_set_post_terms( $p8, $cat( 'Ekonomi' ), 'category' );
wp_set_post_terms( $p8, array( 'UMK' ), 'post_tag' );
$infographic = $ids['image infografis-umk-2027.png'] = wpfix_upload(
	'infografis-umk-2027.png',
	$p8,
	array(
		'title'  => 'Infografis UMK 2027',
		'alt'    => 'Infografis UMK Kediri Raya 2027',
		'width'  => 400,
		'height' => 400,
		'colors' => array( array( 250, 250, 250 ), array( 220, 40, 40 ) ),
		'author' => $bayu,
	)
);
list( $full_src ) = wp_get_attachment_image_src( $infographic, 'full' );
wpfix_edit(
	$p8,
	array(
		'post_title'   => 'UMK Kabupaten Kediri 2027 Ditetapkan Rp 2,4 Juta',
		'post_name'    => 'umk-kabupaten-kediri-2027-ditetapkan-rp-2-4-juta',
		'post_content' => "<strong>Kediri –</strong> Gubernur Jawa Timur menetapkan Upah Minimum Kabupaten (UMK) Kediri 2027 sebesar Rp 2.412.500, naik 6,5 persen dibanding tahun ini.\n\n"
			. '<a href="' . $full_src . '">' . wpfix_img( $infographic, 'medium', 'aligncenter' ) . "</a>\n\n"
			. "<table>\n<thead>\n<tr>\n<th>Daerah</th>\n<th>UMK 2026</th>\n<th>UMK 2027</th>\n</tr>\n</thead>\n<tbody>\n"
			. "<tr>\n<td>Kabupaten Kediri</td>\n<td>Rp 2.265.000</td>\n<td>Rp 2.412.500</td>\n</tr>\n"
			. "<tr>\n<td>Kota Kediri</td>\n<td>Rp 2.415.000</td>\n<td>Rp 2.571.900</td>\n</tr>\n"
			. "</tbody>\n</table>\n\n"
			. '<strong>Baca Juga: <a href="' . get_permalink( $p1 ) . '">Banjir Rendam Tiga Desa di Ngadiluwih, Ratusan Warga Mengungsi</a></strong>' . "\n\n"
			. '(bsr1/yog)',
	),
	'2026-11-10 15:20:00'
);

// 9. Child category Nganjuk; "&" and quotes in the title; date changed after publishing.
$p9 = $ids['child category, & in title'] = wpfix_post(
	array(
		'post_title'   => 'Jembatan Kertosono Ditutup, Dishub & Polres Siapkan Jalur "Alternatif"',
		'post_author'  => $bayu,
		'post_date'    => '2026-11-11 21:00:00',
		'post_content' => "<strong>Nganjuk –</strong> Jembatan Lama Kertosono ditutup total mulai Kamis (12/11/2026) untuk perbaikan lantai jembatan selama 30 hari.\n\nKendaraan dari arah Surabaya diarahkan melalui Jalan Raya Baron. <em>Truk bermuatan di atas 8 ton dilarang melintas.</em>\n\n(ngj1/yog)",
	)
);
wp_set_post_terms( $p9, $cat( 'Nganjuk' ), 'category' );
// The editor corrects the publication date the next morning (WordPress keeps _wp_old_date).
wpfix_edit( $p9, array( 'post_date' => '2026-11-12 06:45:00', 'edit_date' => true ), '2026-11-12 06:50:00' );

// 10-15. Every other status.
$ids['scheduled (future)'] = wpfix_post(
	array(
		'post_title'   => 'Jadwal Pemadaman Listrik Wilayah Kediri Awal Januari',
		'post_author'  => $ratna,
		'post_status'  => 'future',
		'post_date'    => '2030-01-07 08:00:00',
		'post_content' => "<strong>Kediri –</strong> PLN UP3 Kediri mengumumkan pemadaman bergilir untuk pemeliharaan jaringan.\n\n(rtn/yog)",
	)
);
wp_set_post_terms( $ids['scheduled (future)'], $cat( 'Kediri Raya' ), 'category' );
$ids['draft'] = wpfix_post(
	array(
		'post_title'   => 'Evaluasi Pilkada Serentak di Kediri',
		'post_author'  => $ratna,
		'post_status'  => 'draft',
		'saved_at'     => '2026-11-17 20:00:00',
		'post_content' => 'Catatan redaksi tentang pelaksanaan pilkada. Masih menunggu data KPU.',
	)
);
$ids['pending'] = wpfix_post(
	array(
		'post_title'   => 'Warga Keluhkan Jalan Rusak di Desa Wonorejo',
		'post_author'  => $anton,
		'post_status'  => 'pending',
		'post_date'    => '2026-11-15 19:10:00',
		'post_content' => "<strong>Kediri –</strong> Jalan poros Desa Wonorejo, Kecamatan Wates, rusak parah sejak tiga bulan terakhir.\n\n(ant)",
	)
);
wp_set_post_terms( $ids['pending'], array( 'jalan rusak' ), 'post_tag' );
$ids['private'] = wpfix_post(
	array(
		'post_title'   => 'Jadwal Piket Liputan Redaksi November',
		'post_author'  => $redaksi,
		'post_status'  => 'private',
		'post_date'    => '2026-11-01 07:00:00',
		'post_content' => 'Piket pagi: Bayu. Piket malam: Ratna. Liputan daerah: Anton.',
	)
);
$ids['password protected'] = wpfix_post(
	array(
		'post_title'    => 'Hasil Lengkap Seleksi Perangkat Desa Kabupaten Kediri',
		'post_author'   => $bayu,
		'post_date'     => '2026-11-16 10:00:00',
		'post_password' => 'kediri2026',
		'post_content'  => "Daftar peserta yang lolos seleksi perangkat desa tahun 2026.\n\n(bsr1/yog)",
	)
);
wp_set_post_terms( $ids['password protected'], $cat( 'Kediri Raya' ), 'category' );
$ids['trashed'] = wpfix_post(
	array(
		'post_title'   => 'Banjir Ngadiluwih (duplikat)',
		'post_name'    => 'banjir-ngadiluwih-duplikat',
		'post_author'  => $bayu,
		'post_date'    => '2026-10-14 08:20:00',
		'post_content' => 'Naskah ganda, dibuang.',
	)
);
$GLOBALS['wpfix_now'] = '2026-10-14 08:30:00';
wp_trash_post( $ids['trashed'] );
$GLOBALS['wpfix_now'] = null;

// Pages: a classic parent and a block-editor child.
$about = $ids['page Redaksi'] = wpfix_post(
	array(
		'post_type'      => 'page',
		'post_title'     => 'Redaksi',
		'post_author'    => $redaksi,
		'post_date'      => '2026-09-01 09:00:00',
		'comment_status' => 'closed',
		'menu_order'     => 1,
		'post_content'   => "<strong>Kabar Kediri</strong> adalah media siber yang memberitakan Kediri Raya.\n\n<h3>Susunan Redaksi</h3>\nPemimpin Redaksi: Ratna Dewi Lestari\nRedaktur: Yoga Pratama\nReporter: Bayu Saputra, Anton Wijaya\n\nAlamat: Jl. Hayam Wuruk No. 7, Kota Kediri. Surel: redaksi@kabarkediri.test",
		'meta'           => array( '_wp_page_template' => 'default' ),
	)
);
$ids['page Pedoman Media Siber (child of Redaksi)'] = wpfix_post(
	array(
		'post_type'      => 'page',
		'post_title'     => 'Pedoman Media Siber',
		'post_author'    => $redaksi,
		'post_parent'    => $about,
		'post_date'      => '2026-09-01 09:10:00',
		'comment_status' => 'closed',
		'post_content'   => wpfix_blocks(
			wpfix_paragraph_block( 'Kemerdekaan berpendapat, kemerdekaan berekspresi, dan kemerdekaan pers adalah hak asasi manusia yang dilindungi Pancasila, UUD 1945, dan Deklarasi Universal HAM PBB.' ),
			wpfix_heading_block( '1. Ruang Lingkup' ),
			wpfix_paragraph_block( 'Media siber adalah segala bentuk media yang menggunakan wahana internet dan melaksanakan kegiatan jurnalistik.' )
		),
	)
);

// Comments on post 1: approved, a reply by the author, one awaiting moderation, one spam.
$c1 = wp_insert_comment(
	array(
		'comment_post_ID'      => $p1,
		'comment_author'       => 'Warga Ngadiluwih',
		'comment_author_email' => 'warga.ngadiluwih@example.com',
		'comment_author_IP'    => '192.0.2.10',
		'comment_content'      => 'Semoga cepat surut. Tahun lalu juga begini, tanggulnya belum diperbaiki.',
		'comment_date'         => '2026-10-14 09:02:00',
		'comment_approved'     => 1,
	)
);
$bayu_user = get_userdata( $bayu );
wp_insert_comment(
	array(
		'comment_post_ID'      => $p1,
		'comment_parent'       => $c1,
		'user_id'              => $bayu,
		'comment_author'       => $bayu_user->display_name,
		'comment_author_email' => $bayu_user->user_email,
		'comment_author_IP'    => '192.0.2.11',
		'comment_content'      => 'Terima kasih, Pak. BPBD menyebut perbaikan tanggul dijadwalkan awal 2027.',
		'comment_date'         => '2026-10-14 10:30:00',
		'comment_approved'     => 1,
	)
);
wp_insert_comment(
	array(
		'comment_post_ID'      => $p1,
		'comment_author'       => 'Relawan Kediri',
		'comment_author_email' => 'relawan@example.com',
		'comment_author_url'   => 'https://relawan.example.com',
		'comment_author_IP'    => '192.0.2.12',
		'comment_content'      => 'Posko di balai desa Rembang butuh selimut dan air bersih.',
		'comment_date'         => '2026-10-14 11:45:00',
		'comment_approved'     => 0,
	)
);
wp_insert_comment(
	array(
		'comment_post_ID'      => $p1,
		'comment_author'       => 'obat herbal murah',
		'comment_author_email' => 'promo@spam.example.com',
		'comment_author_url'   => 'https://spam.example.com',
		'comment_author_IP'    => '198.51.100.7',
		'comment_content'      => 'Jual obat herbal murah, klik <a href="https://spam.example.com">di sini</a>',
		'comment_date'         => '2026-10-14 13:00:00',
		'comment_approved'     => 'spam',
	)
);
wp_update_comment_count( $p1 );

// Menu "Menu Utama".
$GLOBALS['wpfix_now'] = '2026-09-01 09:30:00';
$menu = $ids['menu Menu Utama (term)'] = wpfix_check( wp_create_nav_menu( 'Menu Utama' ), 'menu' );
$item = fn( $args ) => wpfix_check( wp_update_nav_menu_item( $menu, 0, array_merge( array( 'menu-item-status' => 'publish' ), $args ) ), 'menu item' );
$item( array( 'menu-item-title' => 'Beranda', 'menu-item-url' => home_url( '/' ), 'menu-item-type' => 'custom' ) );
$news_item = $item( array( 'menu-item-object-id' => $berita, 'menu-item-object' => 'category', 'menu-item-type' => 'taxonomy' ) );
$item( array( 'menu-item-object-id' => wpfix_term( 'Kediri Raya', 'category' ), 'menu-item-object' => 'category', 'menu-item-type' => 'taxonomy', 'menu-item-parent-id' => $news_item ) );
$item( array( 'menu-item-object-id' => wpfix_term( 'Olahraga', 'category' ), 'menu-item-object' => 'category', 'menu-item-type' => 'taxonomy' ) );
$item( array( 'menu-item-object-id' => $about, 'menu-item-object' => 'page', 'menu-item-type' => 'post_type' ) );
$item( array( 'menu-item-title' => 'E-Paper', 'menu-item-url' => 'https://epaper.kabarkediri.test/', 'menu-item-type' => 'custom', 'menu-item-target' => '_blank' ) );
$GLOBALS['wpfix_now'] = null;

flush_rewrite_rules();

foreach ( $ids as $what => $id ) {
	printf( "%-45s %d\n", $what, $id );
}
