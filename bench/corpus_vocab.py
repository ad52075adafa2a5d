"""Word lists and sentence templates for bench/gen_corpus.py.

Three base languages: "ja", "zh" (written in Simplified; Traditional is derived with a
character map plus a few slot overrides, see `zh_hant()`), and "en".

Templates are str.format-style strings whose {fields} name a slot of the same language.
A slot is a list of strings (picked uniformly) or a function rng -> str.

Sentence kinds:
  desc        clean descriptions of treatments and the clinic
  access      address, station, phone, parking
  hours       opening hours, holidays
  price       prices (clean)
  staff       doctor biographies
  news        news-like sentences, product history
  disclosure  free-practice / cost / risk / individual-difference disclosures
  claim       prohibited claims (cure promises, efficacy rates, No.1, anti-aging, ...)
  negated     negated claims (治るわけではありません / 不能根治 / does not cure)
  prohibition quoted prohibitions and regulatory context
"""

KINDS = ("desc", "access", "hours", "price", "staff", "news",
         "disclosure", "claim", "negated", "prohibition")

# Sentence-kind weights per document profile (percent-ish; need not sum to 100).
PROFILES = {
    "compliant":  {"desc": 34, "access": 8, "hours": 4, "price": 8, "staff": 6, "news": 4,
                   "disclosure": 22, "claim": 1, "negated": 9, "prohibition": 4},
    "aggressive": {"desc": 36, "access": 7, "hours": 3, "price": 9, "staff": 5, "news": 3,
                   "disclosure": 5, "claim": 26, "negated": 3, "prohibition": 1},
    "news":       {"desc": 24, "access": 1, "hours": 1, "price": 4, "staff": 3, "news": 38,
                   "disclosure": 8, "claim": 3, "negated": 9, "prohibition": 9},
    "blog":       {"desc": 40, "access": 4, "hours": 2, "price": 6, "staff": 5, "news": 8,
                   "disclosure": 10, "claim": 11, "negated": 9, "prohibition": 5},
}
PROFILE_WEIGHTS = {"compliant": 45, "aggressive": 20, "news": 15, "blog": 20}

FW_DIGITS = str.maketrans("0123456789,.%", "０１２３４５６７８９，．％")


def _num(lo, hi):
    return lambda r: str(r.randint(lo, hi))


def _pad(lo, hi, width):
    return lambda r: str(r.randint(lo, hi)).zfill(width)


def _comma(lo, hi, step):
    return lambda r: f"{r.randrange(lo, hi, step):,}"


# --------------------------------------------------------------------------------------------
# Japanese
# --------------------------------------------------------------------------------------------

def _ja_price(r):
    s = f"{r.randrange(30000, 2000000, 10000):,}"
    if r.random() < 0.25:
        s = s.translate(FW_DIGITS)
    return s + "円"


def _ja_pct(r):
    s = str(r.randint(80, 99))
    return s.translate(FW_DIGITS) + "％" if r.random() < 0.3 else s + "%"


JA_SLOTS = {
    "area": ["銀座", "表参道", "新宿", "渋谷", "六本木", "恵比寿", "池袋", "品川", "梅田", "心斎橋",
             "名古屋", "栄", "博多", "天神", "横浜", "みなとみらい", "札幌", "仙台", "神戸", "京都",
             "広島", "福岡", "大宮", "千葉", "青山", "麻布", "日本橋", "丸の内"],
    "csuffix": ["再生医療クリニック", "メディカルクリニック", "幹細胞クリニック", "美容皮膚科",
                "内科クリニック", "アンチエイジングクリニック", "整形外科", "免疫クリニック",
                "ウェルネスクリニック", "セルクリニック"],
    "therapy": ["幹細胞点滴", "幹細胞治療", "幹細胞培養上清液点滴", "エクソソーム点滴",
                "エクソソーム療法", "PRP療法", "ＰＲＰ療法", "PRP-FD注射", "NK細胞療法",
                "免疫細胞療法", "樹状細胞ワクチン療法", "NMN点滴", "プラセンタ注射",
                "高濃度ビタミンC点滴", "臍帯由来幹細胞治療", "脂肪由来幹細胞治療", "再生医療",
                "ｴｸｿｿｰﾑ点滴"],
    "disease": ["糖尿病", "脳梗塞", "パーキンソン病", "認知症", "アルツハイマー病",
                "変形性膝関節症", "アトピー性皮膚炎", "肝硬変", "脊髄損傷", "がん", "ガン",
                "慢性腎臓病", "関節リウマチ", "自閉症", "ＥＤ", "不妊症", "間質性肺炎", "COPD",
                "心不全", "ＡＬＳ", "多発性硬化症", "うつ病"],
    "symptom": ["疲れやすさ", "肌のたるみ", "膝の痛み", "しわ", "冷え", "不眠", "肩こり",
                "抜け毛", "むくみ", "関節のこわばり"],
    "effect": ["発熱", "頭痛", "倦怠感", "注射部位の痛み", "内出血", "腫れ", "アレルギー反応",
               "血圧低下", "吐き気"],
    "price": _ja_price,
    "pct": _ja_pct,
    "n": _num(2, 20),
    "cases": _comma(1000, 30000, 100),
    "min": _num(1, 15),
    "year": _num(2015, 2025),
    "month": _num(1, 12),
    "day": _num(1, 28),
    "floor": _num(2, 12),
    "tel": _pad(1000, 9999, 4),
    "plan": lambda r: f"PB{r.randint(3000000, 3999999)}",
    "station": ["銀座", "表参道", "新宿三丁目", "渋谷", "六本木", "恵比寿", "池袋", "品川",
                "梅田", "心斎橋", "名古屋", "栄", "博多", "天神", "横浜", "札幌", "三宮", "京都"],
    "exit": ["A1", "A4", "B2", "C3", "東口", "西口", "南口", "北口", "8番"],
    "ward": ["東京都中央区銀座", "東京都港区南青山", "東京都新宿区西新宿", "東京都渋谷区神宮前",
             "東京都港区六本木", "東京都千代田区丸の内", "大阪府大阪市北区梅田",
             "愛知県名古屋市中村区名駅", "福岡県福岡市中央区天神", "神奈川県横浜市西区みなとみらい"],
    "building": ["第一ビル", "メディカルスクエア", "ヒルズタワー", "センタービル", "ガーデンプレイス",
                 "KOビル", "ＭＳビル"],
    "surname": ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤",
                "吉田", "山口", "松本", "井上", "木村"],
    "given": ["太郎", "健一", "誠", "浩二", "直樹", "美穂", "由美子", "翔", "大輔", "恵"],
    "university": ["東京大学", "京都大学", "大阪大学", "慶應義塾大学", "順天堂大学", "日本医科大学",
                   "北海道大学", "九州大学", "名古屋大学", "東北大学"],
    "society": ["日本形成外科学会", "日本整形外科学会", "日本内科学会", "日本再生医療学会",
                "日本抗加齢医学会", "日本皮膚科学会"],
    "product": ["ステミラック注", "ハートシート", "コラテジェン", "テムセル", "ジャック", "ネピック"],
}

JA = {
    "desc": [
        "{clinic}では、{therapy}を提供しています。",
        "{therapy}は、患者様ご自身の脂肪組織から採取した幹細胞を培養し、点滴で体内に戻す治療です。",
        "{therapy}の施術時間は約{min}0分で、治療当日からシャワーが可能です。",
        "治療の前には血液検査と医師によるカウンセリングを行います。",
        "カウンセリングは無料です。お気軽にご相談ください。",
        "当院では、{symptom}でお悩みの方に{therapy}をご案内しています。",
        "{therapy}は、細胞が分泌する成長因子の働きに着目した治療法です。",
        "細胞の培養は、厚生労働省の許可を受けた細胞培養加工施設で行っています。",
        "初回のご来院から投与までは、おおよそ{n}週間かかります。",
        "{therapy}について、医師が丁寧にご説明いたします。",
        "治療内容や回数は、診察の結果をふまえて医師と相談のうえ決定します。",
        "当院は{area}駅からすぐの、完全予約制のクリニックです。",
        "プライバシーに配慮し、待合室は個室をご用意しています。",
        "{therapy}は{symptom}のケアを目的として行われることがあります。",
        "採血量は約{n}0mLで、所要時間は{min}分ほどです。",
        "オンライン診療にも対応しております。",
        "ご予約はお電話またはWEBフォームから承っております。",
        "{clinic}は{year}年に開院しました。",
    ],
    "access": [
        "{station}駅{exit}出口より徒歩{min}分。",
        "住所：{ward}{n}-{min}-{n} {building}{floor}階",
        "〒{tel}-{tel} {ward}{n}丁目{min}番{n}号 {building}{floor}F",
        "電話：03-{tel}-{tel}（受付時間 10:00〜18:00）",
        "お問い合わせ：0120-{tel}-{tel}",
        "駐車場はございません。近隣のコインパーキングをご利用ください。",
        "{station}駅から無料送迎を行っております（要予約）。",
        "ビルの{floor}階までエレベーターでお越しください。",
    ],
    "hours": [
        "診療時間：10:00〜19:00（最終受付18:00）",
        "休診日：水曜・日曜・祝日",
        "土曜日は9:00〜17:00まで診療しております。",
        "年末年始（12月29日〜1月3日）は休診とさせていただきます。",
        "完全予約制です。ご来院の際は事前にご予約ください。",
    ],
    "price": [
        "{therapy}：1回 {price}（税込）",
        "初診料 {price}、再診料 3,300円（税込）。",
        "{therapy} {n}回コース：{price}（税込）",
        "血液検査費用：{price}",
        "お支払いは現金・各種クレジットカード・医療ローンがご利用いただけます。",
        "料金はすべて税込表示です。",
    ],
    "staff": [
        "院長 {surname} {given}",
        "{university}医学部卒業後、{university}附属病院にて研修。",
        "{society}専門医。{year}年より{clinic}院長。",
        "{surname}医師は{n}年以上にわたり再生医療の臨床に携わってきました。",
        "所属学会：{society}、{society}",
        "看護師・培養士を含む{n}名のスタッフが在籍しています。",
    ],
    "news": [
        "{year}年{month}月{day}日　{therapy}の提供を開始しました。",
        "{year}年{month}月{day}日　年末年始の休診日のお知らせ",
        "{year}.{month}.{day} ホームページをリニューアルしました。",
        "{product}は、{year}年に条件及び期限付承認を取得した再生医療等製品です。",
        "ハートシートは、2024年に承認が取り下げられ、販売が終了しました。",
        "{year}年{month}月、厚生労働省は再生医療等安全性確保法の改正案を公表しました。",
        "{clinic}の{surname}院長が{society}で講演を行いました。",
        "報道によると、{area}のクリニックが{year}年に行政指導を受けました。",
        "{month}月の土曜日は午前のみの診療となります。",
        "新型コロナウイルス感染症対策として、院内の換気を徹底しております。",
    ],
    "disclosure": [
        "本治療は自由診療（保険適用外）です。",
        "{therapy}は公的医療保険が適用されない自由診療です。",
        "費用：1回あたり{price}（税込）。",
        "主な副作用・リスク：{effect}、{effect}、{effect}など。",
        "効果には個人差があります。",
        "治療効果や副作用の現れ方には個人差があります。",
        "本治療は再生医療等安全性確保法に基づき、厚生労働大臣に再生医療等提供計画を提出しています（計画番号：{plan}）。",
        "本治療に用いる細胞は、国内で承認された医薬品等ではありません。",
        "同一の成分や性能を有する他の国内承認医薬品はありません。",
        "諸外国における重大な副作用の報告は現時点で確認されていません。",
        "まれに{effect}が起こることがあります。",
        "治療後、{effect}がみられた場合は当院までご連絡ください。",
    ],
    "claim": [
        "{therapy}で{disease}が完治します。",
        "{disease}が治る{therapy}。",
        "{therapy}なら{disease}を根治できます。",
        "根治を目指せる唯一の治療法です。",
        "{therapy}は副作用が一切ありません。",
        "副作用のない安全な治療です。",
        "治療成功率{pct}。",
        "{disease}の改善率{pct}の実績。",
        "{area}でNo.1の症例数を誇ります。",
        "症例数日本一の{clinic}。",
        "{therapy}で{n}歳若返る。",
        "細胞から若返り、老化を止める最先端医療。",
        "免疫力が劇的に向上し、{disease}を予防します。",
        "患者様の声：「{therapy}を受けて、{disease}が完全に治りました」",
        "必ず治ります。ご安心ください。",
        "{therapy}は厚生労働省認可の治療です。",
        "{therapy}は{disease}に効果が証明されています。",
        "もう{disease}に悩む必要はありません。",
        "{disease}を根本から治す、画期的な再生医療。",
        "1回の点滴で{disease}が劇的に改善します。",
    ],
    "negated": [
        "{therapy}で{disease}が治るわけではありません。",
        "{disease}が完治することを保証するものではありません。",
        "効果には個人差があり、根治を約束するものではありません。",
        "{therapy}は{disease}の治療法として確立されたものではありません。",
        "すべての方に効果があるとは限りません。",
        "当院では「必ず治る」といった表現は使用しておりません。",
        "{therapy}によって若返ることを保証するものではありません。",
        "副作用が全くないわけではありません。",
    ],
    "prohibition": [
        "「{disease}が治る」と広告することは医療法で禁止されています。",
        "医療広告ガイドラインでは、治療効果を保証する表現は認められていません。",
        "「No.1」「日本一」などの比較優良広告は禁止されています。",
        "体験談を用いた広告は医療広告ガイドライン違反となります。",
        "厚生労働省は、「{therapy}で{disease}が完治する」とうたう広告について注意喚起を行いました。",
        "虚偽・誇大な広告は医療法第6条の5により禁じられています。",
    ],
}

JA_UI = {
    "nav": ["ホーム", "診療案内", "料金表", "アクセス", "よくある質問", "院長紹介", "お知らせ",
            "お問い合わせ", "ご予約", "English"],
    "headings": ["{therapy}について", "治療の流れ", "料金表", "副作用・リスクについて", "アクセス",
                 "院長紹介", "お知らせ", "患者様の声", "よくある質問", "{therapy}の特徴",
                 "{disease}でお悩みの方へ", "当院が選ばれる理由", "診療時間", "ご予約・お問い合わせ"],
    "titles": ["{therapy}｜{clinic}", "{clinic}｜{area}の再生医療", "{therapy}の料金｜{clinic}",
               "お知らせ｜{clinic}", "{disease}と{therapy}｜{clinic}"],
    "list_items": ["予約", "カウンセリング", "血液検査", "脂肪採取", "細胞培養（約4週間）", "投与",
                   "アフターフォロー", "土日も診療", "駅から徒歩{min}分", "女性医師在籍"],
    "footer": "© {year} {clinic} All Rights Reserved.",
    "joiner": "",
}

# --------------------------------------------------------------------------------------------
# Chinese (written in Simplified)
# --------------------------------------------------------------------------------------------

def _zh_price(r):
    return f"{r.randrange(3000, 300000, 100):,}元"


ZH_SLOTS = {
    "area": ["北京", "上海", "广州", "深圳", "成都", "杭州", "南京", "武汉", "西安", "重庆",
             "天津", "苏州", "青岛", "厦门", "海南博鳌"],
    "csuffix": ["干细胞医院", "再生医学中心", "医疗美容诊所", "抗衰老中心", "国际医院",
                "细胞治疗中心", "健康管理中心", "生命科技医院"],
    "therapy": ["干细胞回输", "干细胞疗法", "间充质干细胞输注", "外泌体疗法", "外泌体注射",
                "PRP注射", "富血小板血浆疗法", "NK细胞疗法", "免疫细胞疗法", "CIK细胞疗法",
                "NMN静脉滴注", "脐带干细胞治疗", "胎盘素注射", "细胞抗衰治疗"],
    "disease": ["糖尿病", "脑梗塞", "帕金森病", "阿尔茨海默病", "老年痴呆", "膝关节炎",
                "肝硬化", "脊髓损伤", "癌症", "肾衰竭", "类风湿关节炎", "自闭症", "不孕症",
                "心力衰竭", "渐冻症", "红斑狼疮", "股骨头坏死"],
    "symptom": ["疲劳", "皮肤松弛", "膝盖疼痛", "皱纹", "失眠", "脱发", "手脚冰凉", "免疫力低下"],
    "effect": ["发热", "头痛", "乏力", "注射部位疼痛", "皮下出血", "过敏反应", "恶心"],
    "price": _zh_price,
    "pct": lambda r: f"{r.randint(80, 99)}%",
    "n": _num(2, 20),
    "cases": _comma(1000, 30000, 100),
    "min": _num(1, 15),
    "year": _num(2015, 2025),
    "month": _num(1, 12),
    "day": _num(1, 28),
    "floor": _num(2, 30),
    "tel": _pad(1000, 9999, 4),
    "line": _num(1, 16),
    "station": ["人民广场", "徐家汇", "国贸", "天河城", "科技园", "春熙路", "西湖文化广场",
                "新街口", "中山公园", "世纪大道"],
    "exit": ["A", "B", "C", "D", "1号", "3号", "5号"],
    "district": ["朝阳区", "浦东新区", "天河区", "南山区", "锦江区", "西湖区", "鼓楼区", "静安区"],
    "road": ["建国路", "南京西路", "天河路", "深南大道", "人民南路", "延安路", "中山路"],
    "building": ["国际大厦", "金融中心", "健康广场", "科技大厦", "世纪广场"],
    "surname": ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"],
    "given": ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰"],
    "university": ["北京大学", "复旦大学", "中山大学", "浙江大学", "四川大学", "上海交通大学",
                   "协和医学院", "武汉大学"],
    "society": ["中国医师协会", "中华医学会", "中国抗衰老促进会", "国际细胞治疗协会"],
    "product": ["斯坦米拉克", "心脏细胞片", "艾米迈托赛注射液", "瑞基奥仑赛注射液"],
}

ZH = {
    "desc": [
        "{clinic}提供{therapy}服务。",
        "{therapy}是将培养后的细胞通过静脉输注回体内的一种治疗方式。",
        "治疗前需要进行血液检查和医生问诊。",
        "整个疗程通常需要{n}次，每次约{min}0分钟。",
        "我们的细胞制备实验室符合相关质量管理规范。",
        "{clinic}针对{symptom}等问题提供个性化的健康管理方案。",
        "首次咨询免费，欢迎来电预约。",
        "医生会根据检查结果与您共同制定治疗计划。",
        "{therapy}目前在多个国家和地区开展临床研究。",
        "我们为每位客户配备专属健康顾问。",
        "{clinic}成立于{year}年，拥有独立的细胞实验室。",
        "就诊环境安静舒适，注重客户隐私。",
        "治疗后可以正常工作和生活。",
        "{therapy}的原理是利用细胞分泌的多种生长因子。",
    ],
    "access": [
        "地址：{area}市{district}{road}{n}号{building}{floor}楼",
        "地铁{line}号线{station}站{exit}出口步行{min}分钟。",
        "咨询电话：400-{tel}-{tel}",
        "预约电话：021-{tel}{tel}",
        "大厦地下设有停车场，就诊可免费停车{n}小时。",
        "从{station}站出发，乘坐出租车约{min}分钟即可到达。",
    ],
    "hours": [
        "门诊时间：周一至周六 9:00-18:00",
        "周日及法定节假日休息。",
        "春节期间门诊安排另行通知。",
        "实行预约制，请提前预约。",
    ],
    "price": [
        "{therapy}：每次{price}",
        "{therapy}{n}次疗程：{price}",
        "初诊咨询费：{price}",
        "血液检测费用：{price}",
        "支持现金、银行卡、微信和支付宝付款。",
    ],
    "staff": [
        "院长：{surname}{given}",
        "{surname}{given}医生毕业于{university}，从事再生医学研究{n}年。",
        "{society}会员，{university}医学博士。",
        "团队由{n}名医生、护士和细胞培养技术人员组成。",
    ],
    "news": [
        "{year}年{month}月{day}日，{clinic}举办了再生医学公开讲座。",
        "{year}年{month}月{day}日，{clinic}正式开展{therapy}项目。",
        "国家卫健委于{year}年发布了干细胞临床研究管理的相关规定。",
        "据报道，{area}一家诊所因违规宣传{therapy}被处以罚款。",
        "{product}于{year}年获批上市，是国内首批细胞治疗产品之一。",
        "心脏细胞片已于2024年被撤销批准，停止销售。",
        "{clinic}与{university}签署了科研合作协议。",
        "国庆节期间门诊时间调整通知。",
    ],
    "disclosure": [
        "本项目为自费项目，不在医保报销范围内。",
        "费用：每次{price}，具体以医生面诊后方案为准。",
        "可能的副作用包括{effect}、{effect}、{effect}等。",
        "治疗效果因人而异。",
        "{therapy}目前尚处于临床研究阶段。",
        "治疗存在一定风险，请在医生指导下选择。",
        "个别患者治疗后可能出现{effect}，一般可自行缓解。",
        "本广告仅供参考，具体以医生诊断为准。",
    ],
    "claim": [
        "{therapy}可以根治{disease}。",
        "治愈率高达{pct}。",
        "{disease}有效率{pct}。",
        "无副作用，安全无风险。",
        "{therapy}无任何副作用。",
        "逆转衰老，年轻{n}岁。",
        "{area}排名第一的干细胞医院。",
        "全国第一的{therapy}技术。",
        "彻底治愈{disease}，永不复发。",
        "患者反馈：“做完三次{therapy}，我的{disease}完全好了。”",
        "一针见效，告别{disease}。",
        "{therapy}能大幅提升免疫力，预防{disease}。",
        "国家认证的{therapy}，疗效确切。",
        "{therapy}保证治愈{disease}。",
        "让{disease}患者重获新生。",
        "细胞修复，根治{disease}。",
    ],
    "negated": [
        "{therapy}不能根治{disease}。",
        "我们无法保证治疗效果，{therapy}并非治愈{disease}的方法。",
        "本治疗不能替代正规药物治疗。",
        "{therapy}不能保证让人变年轻。",
        "并非所有患者都能获得改善。",
        "任何治疗都不可能完全没有副作用。",
    ],
    "prohibition": [
        "根据医疗广告管理办法，医疗广告禁止含有“根治”“治愈率”等保证治疗效果的内容。",
        "监管部门明确禁止宣传{therapy}能治愈{disease}。",
        "广告法规定，医疗广告不得含有表示功效、安全性的断言或者保证。",
        "卫生部门提醒，宣称“{therapy}包治百病”的广告属于违法广告。",
        "禁止利用患者的名义或者形象作证明。",
    ],
}

ZH_UI = {
    "nav": ["首页", "诊疗项目", "价格", "交通指南", "常见问题", "专家团队", "新闻动态",
            "联系我们", "在线预约", "English"],
    "headings": ["关于{therapy}", "治疗流程", "价格表", "副作用与风险", "交通指南", "专家团队",
                 "新闻动态", "客户评价", "常见问题", "{therapy}的特点", "{disease}患者须知",
                 "为什么选择我们", "门诊时间", "预约咨询"],
    "titles": ["{therapy}-{clinic}", "{clinic}-{area}再生医学", "{therapy}价格-{clinic}",
               "新闻动态-{clinic}", "{disease}与{therapy}-{clinic}"],
    "list_items": ["预约", "面诊咨询", "血液检查", "细胞采集", "细胞培养（约4周）", "回输",
                   "术后随访", "周末门诊", "地铁站步行{min}分钟", "专家坐诊"],
    "footer": "© {year} {clinic} 版权所有",
    "joiner": "",
}

# Simplified -> Traditional, character by character, for the characters used above (and a few
# more). Not a full converter: good enough to make zh-Hant text look like zh-Hant.
S2T = dict(zip(
    "干细胞医疗诊么为这们个来时会说对发经过还进关开门问间见让给从东车长现体头动电话网页"
    "价费钱买卖术药剂针输剂疗愈无风险证实际级专团队亿万湾广场号楼层铁线钟预约询营业周龄"
    "轻岁质盖凉脱聚养种杀伤损脑肠肾脏肤样标准护环设备运协华卫规则条条权构机织组脉节态状"
    "复确彻远绝刚众优惠杂报导获认审监处罚龙达庆节国内库阶断诊论讲议录读择举办签协双边"
    "属总结练续维带应该还样贵宾礼仪饮观览纪乐书两义胶囊浆显异别邮编区县岛厦鲁苏浙闽赣"
    "湘鄂粤琼渝贵陕陇阳闸览爱紧绍谢赏认识语误请诉谈课调质资贴贺贷译试诗话该详团图圆园"
    "围国块坏坚场执扩扫扬担拥择挥换损摄据掷摆颈项须顾领频颗题额风飞饭馆鱼鸟鸡麦黄齐齿",
    "幹細胞醫療診麼為這們個來時會說對發經過還進關開門問間見讓給從東車長現體頭動電話網頁"
    "價費錢買賣術藥劑針輸劑療癒無風險證實際級專團隊億萬灣廣場號樓層鐵線鐘預約詢營業週齡"
    "輕歲質蓋涼脫聚養種殺傷損腦腸腎臟膚樣標準護環設備運協華衛規則條條權構機織組脈節態狀"
    "復確徹遠絕剛眾優惠雜報導獲認審監處罰龍達慶節國內庫階斷診論講議錄讀擇舉辦簽協雙邊"
    "屬總結練續維帶應該還樣貴賓禮儀飲觀覽紀樂書兩義膠囊漿顯異別郵編區縣島廈魯蘇浙閩贛"
    "湘鄂粵瓊渝貴陝隴陽閘覽愛緊紹謝賞認識語誤請訴談課調質資貼賀貸譯試詩話該詳團圖圓園"
    "圍國塊壞堅場執擴掃揚擔擁擇揮換損攝據擲擺頸項須顧領頻顆題額風飛飯館魚鳥雞麥黃齊齒"))
S2T.update(dict(zip("泌滴静恶乏过敏炎痴呆衰竭红斑狼疮坏渐冻胎盘补测检验验综临床观察范围准则广告宣传罚款"
                    "驻层赠递选侧转软硬灵虽虚铺闲阴阵际陆陈隐难韩页顺须颜风飘饰馈驾骑验骨鲜鸭黑龄",
                    "泌滴靜惡乏過敏炎癡呆衰竭紅斑狼瘡壞漸凍胎盤補測檢驗驗綜臨床觀察範圍準則廣告宣傳罰款"
                    "駐層贈遞選側轉軟硬靈雖虛鋪閒陰陣際陸陳隱難韓頁順須顏風飄飾饋駕騎驗骨鮮鴨黑齡")))
S2T.update(dict(zip("银户咨与仅仑刘务劳吴员孙宝将尔师张杨欢毕汇汉点热独皱称类纹缓联脐艳计访评贸赛赵迈违适销锦闭闻随鳌产于后军划变学参伟湿",
                    "銀戶諮與僅侖劉務勞吳員孫寶將爾師張楊歡畢匯漢點熱獨皺稱類紋緩聯臍艷計訪評貿賽趙邁違適銷錦閉聞隨鰲產於後軍劃變學參偉濕")))
del S2T["周"]  # a surname too; 週 would be wrong there
S2T_FIXUPS = [("批準", "批准"), ("幹擾", "干擾"), ("若幹", "若干"), ("皇後", "皇后")]


def to_trad(s):
    t = s.translate(str.maketrans(S2T))
    for a, b in S2T_FIXUPS:
        t = t.replace(a, b)
    return t


def _twd_price(r):
    return f"新臺幣{r.randrange(5000, 900000, 1000):,}元"


ZH_HANT_SLOT_OVERRIDES = {
    "area": ["台北", "新北", "台中", "高雄", "台南", "桃園", "新竹", "香港", "九龍", "澳門"],
    "price": _twd_price,
    "district": ["信義區", "大安區", "中山區", "西屯區", "前鎮區", "中環", "尖沙咀", "銅鑼灣"],
    "road": ["忠孝東路", "敦化南路", "台灣大道", "中山路", "皇后大道中", "彌敦道"],
    "station": ["台北101", "忠孝復興", "市政府", "西門", "中環", "尖沙咀", "銅鑼灣"],
}

# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

def _en_price(r):
    cur = r.random()
    if cur < 0.6:
        return f"${r.randrange(500, 30000, 50):,}"
    if cur < 0.8:
        return f"¥{r.randrange(30000, 2000000, 10000):,}"
    return f"€{r.randrange(500, 25000, 50):,}"


EN_SLOTS = {
    "area": ["Beverly Hills", "Miami", "Scottsdale", "Houston", "Tijuana", "Cancún", "Panama City",
             "Tokyo", "Osaka", "Bangkok", "Dubai", "Las Vegas", "San Diego", "Austin", "London",
             "Frankfurt"],
    "csuffix": ["Regenerative Clinic", "Stem Cell Center", "Longevity Institute", "Wellness Clinic",
                "Cell Therapy Center", "Anti-Aging Clinic", "Medical Spa", "Orthopedic Institute",
                "Integrative Medicine"],
    "therapy": ["stem cell therapy", "stem cell IV infusions", "mesenchymal stem cell therapy",
                "exosome therapy", "exosome IV", "PRP injections", "platelet-rich plasma therapy",
                "NK cell therapy", "immune cell therapy", "NAD+ drips", "umbilical cord stem cells",
                "Wharton's jelly injections", "placenta injections", "cellular rejuvenation therapy"],
    "disease": ["diabetes", "type 2 diabetes", "Parkinson's disease", "Alzheimer's disease",
                "dementia", "knee osteoarthritis", "COPD", "multiple sclerosis", "ALS", "autism",
                "liver cirrhosis", "chronic kidney disease", "rheumatoid arthritis", "long COVID",
                "heart failure", "cancer", "erectile dysfunction", "spinal cord injury"],
    "symptom": ["fatigue", "joint pain", "sagging skin", "wrinkles", "brain fog", "low energy",
                "hair loss", "poor sleep", "back pain"],
    "effect": ["fever", "headache", "fatigue", "pain at the injection site", "bruising",
               "swelling", "allergic reactions", "nausea", "infection"],
    "price": _en_price,
    "pct": lambda r: f"{r.randint(80, 99)}%",
    "n": _num(2, 20),
    "cases": _comma(1000, 30000, 100),
    "min": _num(1, 15),
    "year": _num(2015, 2025),
    "month": ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"],
    "day": _num(1, 28),
    "floor": _num(2, 12),
    "tel": _pad(1000, 9999, 4),
    "tel3": _pad(200, 999, 3),
    "street": ["Wilshire Blvd", "Brickell Ave", "Main Street", "Camelback Road", "Ocean Drive",
               "Harley Street", "Sukhumvit Road", "Sheikh Zayed Road", "Market Street"],
    "surname": ["Smith", "Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lee",
                "Tanaka", "Chen", "Nguyen", "Patel", "Kim", "Walker"],
    "given": ["James", "Maria", "Robert", "Linda", "Michael", "Sarah", "David", "Emily", "Kenji",
              "Wei", "Anita", "Carlos"],
    "university": ["Stanford University", "Johns Hopkins University", "UCLA", "Baylor College of Medicine",
                   "the University of Miami", "Keio University", "Imperial College London"],
    "society": ["the American Academy of Regenerative Medicine", "the International Society for Cell & Gene Therapy",
                "the American Board of Internal Medicine", "the American Academy of Anti-Aging Medicine"],
    "product": ["Stemirac", "HeartSheet", "Collategene", "Ryoncil", "Omisirge"],
}

EN = {
    "desc": [
        "At {clinic}, we offer {therapy} in a comfortable outpatient setting.",
        "{Therapy} uses cells collected from your own fat tissue or bone marrow.",
        "Each session takes about {min}0 minutes, and most patients return to work the same day.",
        "Before treatment, our physicians review your medical history and order blood tests.",
        "Your first consultation is free of charge.",
        "We design a treatment plan around your goals, such as relief from {symptom}.",
        "Cells are processed in a licensed laboratory that follows current good manufacturing practice.",
        "{Therapy} is being studied in clinical trials around the world.",
        "Our team will explain the procedure, the expected timeline and the alternatives.",
        "{clinic} opened its doors in {year}.",
        "Many patients ask about {therapy} for {symptom}.",
        "Appointments can be booked online or by phone.",
        "The procedure is performed under local anesthesia.",
        "We accept patients from all over the world and can help arrange travel.",
    ],
    "access": [
        "Address: {n}{min} {street}, Suite {floor}0{n}, {area}",
        "We are a {min}-minute walk from the {area} central station.",
        "Phone: ({tel3}) {tel3}-{tel}",
        "Free parking is available behind the building.",
        "Take the elevator to floor {floor}; reception is on the left.",
        "Email us at info@example.com for directions.",
    ],
    "hours": [
        "Opening hours: Monday to Friday, 9 am to 6 pm.",
        "Saturday: 10 am to 2 pm. Closed on Sundays and public holidays.",
        "Appointments only; walk-ins cannot be accommodated.",
        "Telehealth consultations are available on weekdays.",
    ],
    "price": [
        "{Therapy}: {price} per session.",
        "A package of {n} sessions costs {price}.",
        "Initial consultation: {price}.",
        "Lab tests: {price}.",
        "We accept cash, all major credit cards and financing plans.",
    ],
    "staff": [
        "Dr. {given} {surname}, Medical Director",
        "Dr. {surname} graduated from {university} and completed residency in internal medicine.",
        "Dr. {surname} is a member of {society}.",
        "Our team includes {n} physicians, nurses and laboratory specialists.",
        "Dr. {given} {surname} has practiced regenerative medicine for {n} years.",
    ],
    "news": [
        "{month} {day}, {year}: {clinic} now offers {therapy}.",
        "{month} {year}: the clinic will be closed for the holidays.",
        "The FDA has approved only a small number of stem cell products, most of them for blood disorders.",
        "HeartSheet was withdrawn in 2024 after its conditional approval period.",
        "{product} received conditional and time-limited approval in Japan in {year}.",
        "In {year}, regulators issued warning letters to clinics marketing unapproved {therapy}.",
        "Dr. {surname} spoke about {therapy} at a conference in {area}.",
        "A {year} study of {therapy} for {disease} enrolled {n}0 patients.",
        "The clinic moved to a new location on {street} in {month} {year}.",
    ],
    "disclosure": [
        "{Therapy} is an elective treatment and is not covered by insurance.",
        "Cost: {price} per session; prices may change.",
        "Possible side effects include {effect}, {effect} and {effect}.",
        "Results vary from person to person.",
        "{Therapy} has not been approved by the FDA for {disease}.",
        "This treatment is investigational; its safety and effectiveness have not been established.",
        "All procedures carry risks, which your physician will discuss with you.",
        "Individual results are not guaranteed.",
    ],
    "claim": [
        "{Therapy} cures {disease}.",
        "Our {therapy} can reverse aging by up to {n} years.",
        "We are the No.1 clinic for {therapy} in {area}.",
        "The #1 stem cell clinic in the world.",
        "A {pct} success rate in treating {disease}.",
        "{Therapy} is completely safe, with no side effects.",
        "Reverse aging at the cellular level.",
        "FDA-approved {therapy} for {disease}.",
        "Boost your immune system and never get sick again.",
        "Patients say: \"My {disease} was completely cured after two sessions.\"",
        "Say goodbye to {disease} forever.",
        "Guaranteed results or your money back.",
        "{Therapy} regenerates damaged organs and reverses {disease}.",
        "Clinically proven to cure {disease}.",
        "Stop {disease} in its tracks with a single infusion.",
    ],
    "negated": [
        "{Therapy} does not cure {disease}.",
        "We cannot promise that {therapy} will cure {disease}.",
        "No treatment can guarantee results.",
        "{Therapy} is not a cure for {disease}, and results vary.",
        "Claims that stem cells reverse aging are not supported by evidence.",
        "{Therapy} is not FDA-approved and is not a substitute for standard care.",
        "There is no evidence that {therapy} reverses {disease}.",
    ],
    "prohibition": [
        "Regulators prohibit claims that {therapy} cures {disease}.",
        "The FTC warned clinics that advertised \"{therapy} cures {disease}\".",
        "Advertising a treatment as \"guaranteed\" or \"100% safe\" is prohibited.",
        "The FDA has warned consumers about clinics that market {therapy} as a cure for {disease}.",
        "Patient testimonials may not be used to imply typical results.",
    ],
}

EN_UI = {
    "nav": ["Home", "Treatments", "Pricing", "Location", "FAQ", "Our Doctors", "News", "Contact",
            "Book Now", "日本語"],
    "headings": ["About {therapy}", "How It Works", "Pricing", "Risks and Side Effects", "Location",
                 "Meet Our Doctors", "News", "Patient Stories", "Frequently Asked Questions",
                 "Why Choose {clinic}", "{disease} and {therapy}", "Opening Hours", "Book a Consultation"],
    "titles": ["{Therapy} | {clinic}", "{clinic} | Regenerative Medicine in {area}",
               "{Therapy} Pricing | {clinic}", "News | {clinic}", "{disease} and {therapy} | {clinic}"],
    "list_items": ["Consultation", "Blood tests", "Cell collection", "Cell processing (about 4 weeks)",
                   "Infusion", "Follow-up visits", "Open on Saturdays", "{min} minutes from downtown",
                   "Multilingual staff", "Financing available"],
    "footer": "© {year} {clinic}. All rights reserved.",
    "joiner": " ",
}


def _clinic(slots):
    areas, sufs = slots["area"], slots["csuffix"]
    if isinstance(areas, list) and isinstance(sufs, list):
        sep = " " if slots is EN_SLOTS else ""
        return lambda r: areas[int(r.random() * len(areas))] + sep + sufs[int(r.random() * len(sufs))]
    raise TypeError


def languages():
    """Return {lang: (slots, sentence templates by kind, ui strings)} for the four corpus languages."""
    ja_slots = dict(JA_SLOTS, clinic=_clinic(JA_SLOTS))
    zh_slots = dict(ZH_SLOTS, clinic=_clinic(ZH_SLOTS))
    en_slots = dict(EN_SLOTS, clinic=_clinic(EN_SLOTS))
    en_slots["Therapy"] = [t[0].upper() + t[1:] for t in EN_SLOTS["therapy"]]

    hant_slots = {}
    for k, v in ZH_SLOTS.items():
        v = ZH_HANT_SLOT_OVERRIDES.get(k, v)
        hant_slots[k] = [to_trad(x) for x in v] if isinstance(v, list) else v
    hant_slots["clinic"] = _clinic(hant_slots)
    hant = {k: [to_trad(t) for t in v] for k, v in ZH.items()}
    hant_ui = {k: ([to_trad(x) for x in v] if isinstance(v, list) else to_trad(v))
               for k, v in ZH_UI.items()}
    return {
        "ja": (ja_slots, JA, JA_UI),
        "zh-hans": (zh_slots, ZH, ZH_UI),
        "zh-hant": (hant_slots, hant, hant_ui),
        "en": (en_slots, EN, EN_UI),
    }
