import Foundation

/// The words traders write and the words the nomenclature uses for the same goods.
///
/// A goods description says "polyester", "knit", "PVC", "aluminum" or "sneakers"; the HS and
/// CN texts say "synthetic fibres", "knitted or crocheted", "polymers of vinyl chloride",
/// "aluminium" and "footwear". Neither BM25 nor a small sentence model bridges that on its
/// own. The lexicon adds the nomenclature's wording to the query — never removes anything —
/// so that both signals see it; the additions are returned with each classification, so an
/// officer sees why a code came up.
///
/// Entries are general customs vocabulary (fibres, plastics, metals, garments, common goods,
/// US spellings), not phrases taken from any evaluation case. Keys are matched on Snowball
/// stems, so plurals and possessives match too ("sweaters", "men's").
public enum CustomsLexicon {
    /// The nomenclature phrases the description's words call for, in order of first match,
    /// without repeats.
    public static func expansions(of text: String) -> [String] {
        let stems = TextAnalysis.words(text).map { EnglishStemmer.stem($0) }
        var found: [String] = []
        var position = 0
        while position < stems.count {
            var matched = 0
            for length in stride(from: min(maximumKeyLength, stems.count - position), through: 1, by: -1) {
                let key = stems[position..<(position + length)].joined(separator: " ")
                if let phrases = table[key] {
                    for phrase in phrases where !found.contains(phrase) { found.append(phrase) }
                    matched = length
                    break
                }
            }
            position += max(1, matched)
        }
        return found
    }

    /// Each key (one or more words, written as a trader would) and what the nomenclature
    /// calls it.
    static let entries: [(keys: [String], phrases: [String])] = [
        // Spelling: the nomenclature is in British English.
        (["aluminum"], ["aluminium"]),
        (["fiber", "fibers"], ["fibres"]),
        (["fiberglass", "fibreglass"], ["glass fibres"]),
        (["tire", "tires"], ["tyres"]),
        (["jewelry"], ["jewellery"]),
        (["color", "colored"], ["colour"]),
        (["molded", "molding"], ["moulded"]),
        (["gray"], ["grey"]),
        (["catalog"], ["catalogue"]),
        (["odor"], ["odour"]),
        (["sulfur", "sulfate", "sulfide"], ["sulphur"]),
        (["liter", "liters"], ["litres"]),
        (["meter", "meters"], ["metres"]),
        (["center"], ["centre"]),

        // Textile fibres.
        (
            ["polyester", "nylon", "acrylic", "spandex", "elastane", "lycra", "polypropylene fiber", "aramid", "olefin", "microfiber"],
            ["synthetic fibres", "man-made fibres"]
        ),
        (["rayon", "viscose", "modal", "lyocell", "tencel", "acetate", "cupro"], ["artificial fibres", "man-made fibres"]),
        (["cashmere", "angora", "mohair", "alpaca", "camel hair"], ["fine animal hair"]),
        (["merino", "lambswool"], ["wool"]),
        (["linen"], ["flax"]),
        (["denim"], ["woven fabrics of cotton"]),
        (["knit", "knitted", "jersey knit", "rib knit", "fleece", "polar fleece", "crochet", "crocheted", "tricot"], ["knitted or crocheted"]),
        (["terry"], ["terry towelling"]),
        (["nonwoven", "non-woven"], ["nonwovens", "felt"]),

        // Garments and who wears them.
        (["men", "mens", "boy", "boys", "gentlemen"], ["men's or boys'"]),
        (["women", "womens", "woman", "ladies", "lady", "girl", "girls"], ["women's or girls'"]),
        (["infant", "infants", "baby", "babies", "toddler", "newborn"], ["babies' garments and clothing accessories"]),
        (["sweater", "pullover", "cardigan", "jumper", "sweatshirt", "hoodie", "hooded sweatshirt"], ["jerseys, pullovers, cardigans, waistcoats"]),
        (["vest"], ["waistcoats", "singlets and other vests"]),
        (["t-shirt", "tshirt", "tee", "tee shirt", "tank top", "camisole"], ["T-shirts, singlets and other vests"]),
        (["polo shirt", "polo"], ["shirts"]),
        (["blouse"], ["blouses, shirts and shirt-blouses"]),
        (["jacket", "blazer"], ["jackets and blazers", "anoraks, wind-cheaters"]),
        (["coat", "overcoat", "parka", "raincoat", "trench coat"], ["overcoats, car-coats, capes, cloaks, anoraks"]),
        (["poncho", "cape", "cloak"], ["capes, cloaks"]),
        (["windbreaker"], ["wind-cheaters, wind-jackets"]),
        (
            ["pants", "trousers", "slacks", "jeans", "leggings", "joggers", "sweatpants", "shorts"],
            ["trousers, bib and brace overalls, breeches and shorts"]
        ),
        (["skirt"], ["skirts and divided skirts"]),
        (["dress", "gown"], ["dresses"]),
        (["suit"], ["suits, ensembles"]),
        (["ensemble", "outfit", "set of garments"], ["ensembles"]),
        (["bra", "brassiere", "sports bra", "bralette"], ["brassieres"]),
        (["panty", "panties", "briefs", "underwear", "boxer", "boxers", "boxer shorts"], ["briefs, panties, underpants"]),
        (["swimsuit", "swimwear", "swim", "bikini", "swim trunks", "bathing suit", "boardshorts"], ["swimwear"]),
        (["robe", "bathrobe", "dressing gown", "wrap"], ["bathrobes, dressing gowns"]),
        (["pajamas", "pyjamas", "sleepwear", "nightgown", "nightshirt", "nightdress"], ["nightdresses, pyjamas"]),
        (["tracksuit", "track suit", "ski suit"], ["track suits, ski suits"]),
        (["glove", "gloves", "mittens", "mitts"], ["gloves, mittens and mitts"]),
        (["sock", "socks", "stockings", "tights", "pantyhose", "hosiery"], ["hosiery, socks"]),
        (["scarf", "shawl", "muffler"], ["shawls, scarves, mufflers"]),
        (["tie", "necktie", "bow tie"], ["ties, bow ties and cravats"]),
        (["hat", "cap", "beanie", "helmet"], ["headgear"]),
        (["shoe", "shoes", "sneaker", "sneakers", "boot", "boots", "sandal", "sandals", "slipper", "slippers", "footwear"], ["footwear"]),
        (
            ["handbag", "purse", "backpack", "rucksack", "tote", "duffel", "suitcase", "luggage", "briefcase", "wallet"],
            ["trunks, suitcases, handbags, wallets and similar containers"]
        ),

        // Plastics and rubber.
        (["pvc", "vinyl", "polyvinyl chloride"], ["polymers of vinyl chloride"]),
        (["polyethylene", "hdpe", "ldpe", "lldpe"], ["polymers of ethylene"]),
        (["polypropylene", "pp"], ["polymers of propylene"]),
        (["polystyrene", "styrofoam", "abs", "acrylonitrile butadiene styrene"], ["polymers of styrene"]),
        (["polycarbonate"], ["polycarbonates"]),
        (["polyurethane"], ["polyurethanes"]),
        (["acrylic resin", "pmma", "plexiglass", "plexiglas"], ["acrylic polymers"]),
        (["silicone"], ["silicones"]),
        (["epoxy"], ["epoxide resins"]),
        (["plastic", "plastics"], ["plastics"]),
        (["foam", "sponge"], ["cellular"]),
        (["neoprene", "chloroprene"], ["synthetic rubber", "vulcanised rubber"]),
        (["rubber", "latex", "nitrile", "epdm"], ["vulcanised rubber"]),
        (["resin", "pellets", "granules"], ["primary forms"]),
        (["film", "sheet", "sheeting", "foil"], ["plates, sheets, film, foil and strip"]),

        // Metals.
        (["stainless", "stainless steel"], ["stainless steel"]),
        (["steel", "iron", "cast iron"], ["iron or steel"]),
        (["brass", "bronze"], ["copper alloys"]),
        (["galvanized", "galvanised", "zinc plated", "zinc-plated"], ["plated or coated with zinc"]),
        (["chrome", "chrome plated"], ["plated"]),

        // Fasteners, fittings, tools.
        (["bolt", "screw", "hex nut", "lock nut", "washer", "rivet", "cap screw", "set screw"], ["screws, bolts, nuts, washers"]),
        (["valve", "faucet", "tap", "cock", "regulator", "nozzle"], ["taps, cocks, valves and similar appliances"]),
        (["bearing"], ["bearings"]),
        (["pulley", "gear", "gearbox", "clutch", "shaft coupling"], ["transmission shafts, gears, pulleys"]),
        (["hinge", "bracket", "handle"], ["mountings, fittings"]),
        (["spring"], ["springs"]),
        (["pipe", "tube", "tubing", "hose"], ["tubes, pipes and hoses"]),
        (["chain"], ["chain"]),
        (["wire rope", "cable", "strand"], ["stranded wire, ropes, cables"]),
        (["pliers", "pincers", "tweezers"], ["pliers, pincers, tweezers"]),
        (["wrench", "spanner"], ["spanners and wrenches"]),
        (["screwdriver"], ["screwdrivers"]),
        (["hammer", "sledge"], ["hammers"]),
        (["shears", "pruner", "secateurs", "loppers"], ["secateurs, pruning shears"]),
        (["scissors"], ["scissors"]),
        (["knife", "knives", "blade"], ["knives", "blades"]),
        (["tool kit", "tool set", "socket set", "kit of tools"], ["tools put up in sets for retail sale"]),
        (["manicure", "pedicure", "nail clipper", "nail file"], ["manicure or pedicure sets and instruments"]),
        (["magnet", "magnetic"], ["permanent magnets"]),
        (["lock", "padlock"], ["padlocks and locks"]),

        // Electrical and electronic goods.
        (["led"], ["light-emitting diodes"]),
        (["lamp", "light", "flashlight", "torch", "lantern", "bulb"], ["lamps and lighting fittings"]),
        (["battery", "batteries"], ["electric accumulators", "primary cells and batteries"]),
        (["lithium ion", "li-ion", "lithium-ion"], ["lithium-ion accumulators"]),
        (["charger", "power supply", "adapter", "inverter", "converter"], ["static converters"]),
        (["smartphone", "mobile phone", "cell phone", "cellphone"], ["telephones for cellular networks"]),
        (["laptop", "notebook computer", "computer", "tablet computer"], ["automatic data-processing machines"]),
        (["monitor", "lcd monitor"], ["monitors"]),
        (["television", "tv"], ["television receivers"]),
        (["speaker", "loudspeaker", "soundbar"], ["loudspeakers"]),
        (["headphone", "headphones", "earphone", "earphones", "earbuds", "headset"], ["headphones and earphones"]),
        (["microphone"], ["microphones"]),
        (["camera", "webcam", "camcorder"], ["television cameras, digital cameras"]),
        (["printer"], ["printers"]),
        (["router", "modem", "switch hub", "access point"], ["machines for the reception, conversion and transmission of data"]),
        (["radio", "am fm", "receiver"], ["reception apparatus for radio-broadcasting"]),
        (["radar"], ["radar apparatus"]),
        (["drone", "uav", "quadcopter"], ["unmanned aircraft"]),
        (["motor", "electric motor"], ["electric motors"]),
        (["generator", "alternator"], ["generators"]),
        (["solar panel", "solar module", "photovoltaic", "solar cell"], ["photovoltaic cells", "photovoltaic generators"]),
        (["heater", "space heater", "radiator"], ["space heating apparatus"]),
        (["vacuum cleaner", "vacuum", "hoover"], ["vacuum cleaners"]),
        (["kettle", "toaster", "coffee maker", "coffeemaker", "hair dryer", "clothes iron", "steam iron"], ["electro-thermic domestic appliances"]),
        (["refrigerator", "fridge", "freezer", "cooler"], ["refrigerators, freezers and other refrigerating equipment"]),
        (["washing machine"], ["washing machines"]),
        (["dishwasher"], ["dish washing machines"]),
        (["switch", "switches"], ["switches"]),
        (["plug", "socket", "connector"], ["plugs and sockets", "connectors"]),
        (["circuit breaker"], ["automatic circuit breakers"]),
        (["fuse"], ["fuses"]),
        (["pcb", "circuit board"], ["printed circuits"]),
        (["sensor", "detector"], ["instruments for measuring or checking"]),
        (["thermostat"], ["thermostats"]),
        (["wire harness", "cable assembly", "power cord", "extension cord", "usb cable"], ["insulated electric conductors"]),
        (["fiber optic", "fibre optic", "optical fiber"], ["optical fibre cables"]),
        (["semiconductor", "integrated circuit", "microchip"], ["electronic integrated circuits"]),
        (["transformer"], ["electrical transformers"]),
        (["scale", "weighing"], ["weighing machinery"]),
        (["massager", "massage"], ["massage apparatus"]),

        // Machines.
        (["pump"], ["pumps"]),
        (["compressor"], ["compressors"]),
        (["fan", "blower"], ["fans"]),
        (["boiler"], ["boilers"]),
        (["furnace", "oven", "kiln"], ["furnaces and ovens"]),
        (["robot", "robotic"], ["industrial robots"]),
        (["3d printer", "additive manufacturing"], ["additive manufacturing machines"]),
        (["lathe", "milling machine", "cnc"], ["machine tools"]),
        (["forklift"], ["fork-lift trucks"]),
        (["excavator", "bulldozer", "loader", "backhoe"], ["bulldozers, excavators, loaders"]),
        (["harvester", "tractor", "mower", "lawn mower"], ["agricultural, horticultural or forestry machinery"]),
        (["sewing machine"], ["sewing machines"]),
        (["engine"], ["engines"]),
        (["turbine"], ["turbines"]),

        // Vehicles.
        (["car", "automobile", "suv", "sedan"], ["motor cars and other motor vehicles"]),
        (["truck", "lorry"], ["motor vehicles for the transport of goods"]),
        (["auto part", "auto parts", "automotive", "car part"], ["parts and accessories of motor vehicles"]),
        (["bicycle", "bike", "cycling"], ["bicycles"]),
        (["motorcycle", "scooter", "moped"], ["motorcycles"]),
        (["brake"], ["brakes"]),
        (["trailer"], ["trailers"]),
        (["boat", "yacht", "kayak", "canoe"], ["vessels"]),

        // Household goods.
        (["chair", "sofa", "couch", "stool", "bench", "recliner"], ["seats"]),
        (["table", "desk", "cabinet", "shelf", "shelving", "wardrobe", "dresser", "bookcase"], ["furniture"]),
        (["mattress", "pillow", "cushion", "duvet", "comforter", "quilt"], ["mattresses, bedding"]),
        (["blanket", "throw"], ["blankets and travelling rugs"]),
        (["towel"], ["toilet linen and kitchen linen"]),
        (["bedsheet", "bed sheet", "pillowcase"], ["bed linen"]),
        (["tablecloth", "placemat", "napkin"], ["table linen"]),
        (["curtain", "drape", "blind"], ["curtains and interior blinds"]),
        (["rug", "carpet", "mat", "floor mat"], ["carpets and other textile floor coverings", "floor coverings"]),
        (["cookware", "pot", "pan", "saucepan", "skillet", "wok"], ["cooking utensils", "table, kitchen or other household articles"]),
        (["kitchenware", "kitchen utensil", "spatula", "ladle", "grater", "slicer", "peeler"], ["kitchen or tableware"]),
        (["cutlery", "fork", "spoon", "flatware"], ["spoons, forks, ladles"]),
        (["mug", "cup", "bowl", "dinner plate", "tableware", "dinnerware"], ["tableware"]),
        (["bottle", "flask", "tumbler"], ["bottles, flasks"]),
        (["container", "box", "bin", "crate", "storage box"], ["boxes, cases, crates and similar containers"]),
        (["bag", "pouch", "sack"], ["sacks and bags"]),
        (["candle"], ["candles"]),
        (["mirror"], ["mirrors"]),
        (["umbrella"], ["umbrellas"]),
        (["brush", "toothbrush", "broom"], ["brooms, brushes"]),
        (["pen", "ballpoint", "marker", "pencil"], ["pens, pencils"]),
        (["lighter"], ["cigarette lighters"]),
        (["watch", "wristwatch", "smartwatch"], ["wrist-watches"]),
        (["clock"], ["clocks"]),
        (["sunglasses", "spectacles", "eyeglasses", "reading glasses"], ["spectacles, goggles"]),
        (["toilet bowl", "sink", "bathtub", "shower", "bidet"], ["baths, shower-baths, sinks, wash-basins, lavatory seats"]),

        // Toys, sports, leisure.
        (["toy", "toys", "plaything"], ["toys"]),
        (["doll"], ["dolls"]),
        (["puzzle", "jigsaw"], ["puzzles"]),
        (["board game", "playing cards", "video game", "game console"], ["games"]),
        (["ball", "football", "basketball", "soccer ball"], ["balls"]),
        (["golf"], ["golf clubs and other golf equipment"]),
        (["fishing"], ["fishing rods, fish-hooks"]),
        (["ski", "skis", "snowboard"], ["snow-skis and other snow-ski equipment"]),
        (["tent", "camping"], ["tents", "camping goods"]),
        (["exercise", "fitness", "gym", "treadmill", "dumbbell", "yoga"], ["articles and equipment for general physical exercise, gymnastics"]),
        (["christmas", "ornament", "festive"], ["festive, carnival or other entertainment articles"]),
        (["musical instrument", "guitar", "piano", "keyboard instrument", "violin", "drum kit"], ["musical instruments"]),

        // Health and beauty.
        (["shampoo", "conditioner", "hair spray", "hair dye"], ["preparations for use on the hair"]),
        (["lipstick", "lip gloss"], ["lip make-up preparations"]),
        (["mascara", "eyeliner", "eyeshadow"], ["eye make-up preparations"]),
        (["perfume", "cologne", "fragrance"], ["perfumes and toilet waters"]),
        (["lotion", "moisturizer", "moisturiser", "skin cream", "sunscreen", "serum"], ["preparations for the care of the skin"]),
        (["soap"], ["soap"]),
        (["toothpaste"], ["preparations for oral or dental hygiene"]),
        (["deodorant", "antiperspirant"], ["personal deodorants and antiperspirants"]),
        (["vitamin", "supplement", "capsule", "tablet supplement"], ["food preparations", "medicaments"]),
        (["medicine", "drug", "pharmaceutical"], ["medicaments"]),
        (["bandage", "gauze", "adhesive plaster"], ["wadding, gauze, bandages"]),
        (
            ["syringe", "needle", "catheter", "scalpel", "surgical", "medical", "dental"],
            ["instruments and appliances used in medical, surgical, dental or veterinary sciences"]
        ),
        (["mri", "magnetic resonance"], ["magnetic resonance imaging apparatus"]),
        (["x-ray", "xray"], ["apparatus based on the use of x-rays"]),
        (["wheelchair"], ["carriages for disabled persons"]),
        (["face mask", "respirator"], ["protective masks"]),
        (["microscope"], ["microscopes"]),
        (["telescope", "binoculars"], ["binoculars, telescopes"]),

        // Food and agriculture.
        (["shrimp", "prawn", "prawns"], ["shrimps and prawns"]),
        (["salmon", "tuna", "cod", "tilapia", "fish fillet"], ["fish"]),
        (["crab", "lobster", "crayfish"], ["crustaceans"]),
        (["squid", "octopus", "mussel", "oyster", "clam", "scallop"], ["molluscs"]),
        (["beef", "pork", "chicken", "poultry", "lamb", "mutton"], ["meat"]),
        (["cheese"], ["cheese and curd"]),
        (["coffee", "espresso"], ["coffee"]),
        (["tea", "green tea", "black tea"], ["tea"]),
        (["rice"], ["rice"]),
        (["noodle", "noodles", "pasta", "spaghetti"], ["pasta"]),
        (["cookie", "cookies", "biscuit", "cracker", "cake", "pastry"], ["bread, pastry, cakes, biscuits"]),
        (["chocolate", "cocoa"], ["chocolate and other food preparations containing cocoa"]),
        (["candy", "sweets", "gummy", "lollipop"], ["sugar confectionery"]),
        (["juice"], ["fruit juices"]),
        (["soft drink", "carbonated drink"], ["waters, including mineral waters and aerated waters"]),
        (["beer", "lager", "ale"], ["beer made from malt"]),
        (["wine"], ["wine of fresh grapes"]),
        (["whisky", "whiskey", "vodka", "rum", "gin", "liquor", "spirits"], ["spirits, liqueurs and other spirituous beverages"]),
        (["banana", "bananas"], ["bananas"]),
        (["durian", "mango", "mangoes", "mangosteen", "guava", "papaya", "pineapple"], ["fruit"]),
        (["sauce", "ketchup", "mayonnaise", "seasoning"], ["sauces and preparations therefor"]),
        (["cigarette", "cigar", "tobacco", "vape", "e-cigarette"], ["tobacco", "cigarettes"]),

        // Paper, wood, stone, glass.
        (["cardboard", "paperboard", "corrugated"], ["paperboard"]),
        (["notebook", "diary", "journal"], ["registers, account books, notebooks"]),
        (["label", "sticker", "decal"], ["labels", "self-adhesive"]),
        (["book", "books"], ["printed books"]),
        (["plywood", "mdf", "particleboard"], ["plywood, veneered panels", "fibreboard of wood"]),
        (["lumber", "timber"], ["wood sawn"]),
        (["ceramic", "porcelain", "stoneware", "earthenware"], ["ceramic", "porcelain or china"]),
        (["tile", "tiles"], ["tiles", "floor coverings"]),
        (["marble", "granite"], ["monumental or building stone"]),
        (["glassware", "glass"], ["glass"]),
        (["leather", "cowhide", "suede"], ["leather"]),
        (["gold", "silver", "platinum"], ["precious metal"]),
        (["necklace", "bracelet", "earring", "earrings", "ring jewelry"], ["articles of jewellery"]),
        (["imitation jewelry", "costume jewelry", "fashion jewelry"], ["imitation jewellery"]),

        // Chemicals in trade names.
        (["enzyme"], ["enzymes"]),
        (["paint", "varnish", "lacquer", "coating"], ["paints and varnishes"]),
        (["adhesive", "glue"], ["prepared glues and other prepared adhesives"]),
        (["fertilizer", "fertiliser"], ["fertilisers"]),
        (["pesticide", "insecticide", "herbicide", "fungicide"], ["insecticides, rodenticides, fungicides, herbicides"]),
        (["detergent", "cleaner", "cleaning"], ["washing preparations and cleaning preparations"]),
    ]

    /// Keys as space-joined stems, each with its phrases (a key listed twice gets both).
    static let table: [String: [String]] = {
        var table: [String: [String]] = [:]
        for entry in entries {
            for key in entry.keys {
                let stems = TextAnalysis.words(key).map { EnglishStemmer.stem($0) }.joined(separator: " ")
                table[stems, default: []].append(contentsOf: entry.phrases.filter { !(table[stems] ?? []).contains($0) })
            }
        }
        return table
    }()

    static let maximumKeyLength: Int = entries.flatMap(\.keys).map { TextAnalysis.words($0).count }.max() ?? 1
}
